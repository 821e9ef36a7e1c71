"""Importing contact tallies 联系群众统计: what an area reports for a period.

What the import creates, and each figure it changes old → new, goes into the history."""

from django.utils.translation import gettext as _

from activities.models import Campaign, ContactTally
from activities.versioning import bulk_update_versioned
from lianluo import history

from .cells import parse_count, parse_date, text
from .columns import CONTACTS
from .importing import Importer, Lookup, label, old_and_new

FIGURES = ["person_times", "problems_solved", "aid_yuan"]


class ContactImporter(Importer):
    layout = CONTACTS

    def prepare(self):
        self.campaigns = Lookup(Campaign, "slug")

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {"area": text, "start": parse_date, "end": parse_date,
                                        "campaign": text, "person_times": parse_count,
                                        "problems_solved": parse_count, "aid_yuan": parse_count}))
                for n, row in batch]  # fmt: skip
        self.campaigns.load(row["campaign"] for _n, row in rows)
        self.check_then_write(rows)

    def check(self, number, row):
        row["area_obj"] = self.area_named(number, "area", row["area"])
        if row["area_obj"] and not self.in_scope(row["area_obj"].pk):
            self.refuse_outside(number, "area", row["area"])
        as_imported = ContactTally(start=row["start"], end=row["end"])
        for field, message in as_imported.refusals().items():
            self.error(number, field, message)
        if row["campaign"] and row["campaign"] not in self.campaigns:
            self.error(
                number, "campaign", _("Unknown campaign “%(name)s”.") % {"name": row["campaign"]}
            )
        self.check_key(number, "area", (row["area"], row["start"], row["end"]))

    def write(self, rows):
        existing = {
            (t.area_id, t.start, t.end): t
            for t in ContactTally.objects.filter(
                area__in=[row["area_obj"] for row in rows]
            ).select_related("area")  # named in the history
        }
        to_create, changed = [], {}
        for row in rows:
            campaign = self.campaigns.get(row["campaign"])
            values = {key: row[key] for key in FIGURES} | {"campaign": campaign}
            tally = existing.get((row["area_obj"].pk, row["start"], row["end"]))
            if tally is None:
                to_create.append(ContactTally(area=row["area_obj"], start=row["start"],
                                              end=row["end"], **values))  # fmt: skip
            elif changes := old_and_new(tally, values):
                for key, value in values.items():
                    setattr(tally, key, value)
                changed[tally] = changes
            else:
                self.report.count(label(ContactTally), "unchanged")
        to_update = list(changed)
        for tally, review in self.enter(ContactTally, to_create + to_update).items():
            changed[tally] |= review  # written with them, below
        ContactTally.objects.bulk_create(to_create)
        fields = [*FIGURES, "campaign", *ContactTally.REVIEW_FIELDS]
        bulk_update_versioned(ContactTally, to_update, fields)
        history.log_bulk(ContactTally, created=to_create, changed=changed)
        self.report.count(label(ContactTally), "created", len(to_create))
        self.report.count(label(ContactTally), "updated", len(to_update))
