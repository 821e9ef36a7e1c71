"""Importing posts held 任职 (时任): a deputy's post from one date to another, so that
the archive and the bulletin name each record's people by the post they held that day.

A row is keyed by the deputy's card number and the date the post began (empty: held
since before the records); it adds the post or corrects its title and end, and deletes
none. Posts are the roster's: a user of the whole province imports them."""

from django.utils.translation import gettext as _

from lianluo import history
from representatives.models import PostHeld, Representative

from .cells import parse_date, text
from .columns import POSTS
from .importing import Importer, Lookup, label, old_and_new


class PostImporter(Importer):
    layout = POSTS
    province_wide = True

    def prepare(self):
        self.people = Lookup(Representative, "code")

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "code": text, "title": text, "started": parse_date, "ended": parse_date,
        })) for n, row in batch]  # fmt: skip
        self.people.load(row["code"] for _n, row in rows)
        for number, row in rows:
            self.check(number, row)
        if self.report.ok:
            self.write([row for _number, row in rows])

    def check(self, number, row):
        if row["code"] and row["code"] not in self.people:
            self.error(
                number, "code", _("Unknown deputy card number “%(name)s”.") % {"name": row["code"]}
            )
        if row["code"]:  # a person's post begins on one date once (or once "since before")
            self.check_key(number, "started", (row["code"], row["started"]))
        if row["started"] and row["ended"] and row["ended"] < row["started"]:
            self.error(number, "ended", _("A post cannot end before it starts."))

    def write(self, rows):
        people = {self.people.get(row["code"]).pk: row["code"] for row in rows}
        existing = {
            (people[post.representative_id], post.started_on): post
            for post in PostHeld.objects.filter(representative_id__in=people).select_related(
                "representative"
            )
        }
        to_create, changed = [], {}
        for row in rows:
            values = {"title": row["title"], "ended_on": row["ended"]}
            post = existing.get((row["code"], row["started"]))
            if post is None:
                post = PostHeld(
                    representative=self.people.get(row["code"]), started_on=row["started"], **values
                )
                to_create.append(post)
                existing[row["code"], row["started"]] = post
            elif changes := old_and_new(post, values):
                for field, value in values.items():
                    setattr(post, field, value)
                changed[post] = changes
            else:
                self.report.count(label(PostHeld), "unchanged")
        PostHeld.objects.bulk_create(to_create)
        PostHeld.objects.bulk_update(list(changed), ["title", "ended_on"])
        history.log_bulk(PostHeld, created=to_create, changed=changed)
        self.report.count(label(PostHeld), "created", len(to_create))
        self.report.count(label(PostHeld), "updated", len(changed))
