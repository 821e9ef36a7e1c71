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

from django.utils import timezone

from lianluo import history

from .models import PostHeld

DAY = datetime.timedelta(days=1)


def keep_posts_dated(titles, on=None):
    """Make the posts held of the deputies in `titles` ({representative: post title})
    follow the titles, as of `on` (today by default): four queries whatever their number.
    Returns (created, changed as the history records them, how many were as they were)."""
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
            to_create.append(PostHeld(representative=rep, title=title))
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
            to_create.append(PostHeld(representative=rep, title=title, started_on=on))
    PostHeld.objects.bulk_create(to_create)
    PostHeld.objects.bulk_update(list(changed), ["title", "ended_on"])
    history.log_bulk(PostHeld, created=to_create, changed=changed)
    return to_create, changed, unchanged
