"""The roster keeps posts dated: when a roster import or the admin sets a deputy's post
职务 (`Representative.post`), their posts held (`PostHeld`, 时任) follow.

- A deputy with no post held gets one with the title, held since before the records
  (no start date): the roster does not say since when.
- A deputy whose post held now (no end date) has another title: that post ends the day
  before, and the new one starts on the day of the change (today, Asia/Shanghai).
- The same title (or an empty one, which says nothing): nothing changes, so importing a
  roster again changes nothing.
"""

import datetime

from auditlog.models import LogEntry
from django.utils import timezone

from lianluo import history
from lianluo.bulk import insert

from .models import PostHeld

DAY = datetime.timedelta(days=1)


def keep_posts_dated(titles, on=None):
    """Make the posts held of the deputies in `titles` ({representative: post title})
    follow the titles, as of `on` (today by default): a fixed number of queries whatever
    their number. Returns (the keys of the posts created, those changed as the history
    records them, how many were as they were)."""
    on = on or timezone.localdate()
    titles = {rep: title.strip() for rep, title in titles.items() if title and title.strip()}
    posts = {}
    for post in PostHeld.objects.filter(representative__in=list(titles)).select_related(
        "representative"
    ):
        posts.setdefault(post.representative_id, []).append(post)
    to_create, changed, unchanged = [], {}, 0
    for rep, title in titles.items():
        held = posts.get(rep.pk, [])
        if not held:
            to_create.append((rep, title, None))
            continue
        current = [post for post in held if post.ended_on is None] or [
            max(held, key=lambda post: (post.started_on is not None, post.started_on))
        ]
        if any(post.title == title for post in current):
            unchanged += 1
            continue
        opened = None
        for post in current:
            if post.ended_on is not None:
                continue  # the last post ended: the new one starts today
            if post.started_on is not None and post.started_on >= on:
                # begun today (or later): its title was wrong, not changed
                changed[post] = {"title": (post.title, title)}
                post.title, opened = title, post
            else:
                changed[post] = {"ended_on": (None, on - DAY)}
                post.ended_on = on - DAY
        if opened is None:
            to_create.append((rep, title, on))
    # Written as rows, not a model instance each: a roster's first import creates a post
    # for nearly every deputy (issue 16).
    keys = insert(
        PostHeld,
        ["representative", "title", "started_on"],
        [(rep.pk, title, started) for rep, title, started in to_create],
        returning=True,
    )
    PostHeld.objects.bulk_update(list(changed), ["title", "ended_on"])
    history.log_rows(PostHeld, [  # named as PostHeld.__str__ names them
        (key, f"{rep.name} · {title}", LogEntry.Action.CREATE, {}, None)
        for key, (rep, title, _started) in zip(keys, to_create, strict=True)
    ])  # fmt: skip
    history.log_bulk(PostHeld, changed=changed)
    return keys, changed, unchanged
