"""Importing duties 履职记录 (archives): sessions, standing committee meetings,
inspections, research, training, reports to voters and commendations, and their deputies.

A user scoped to areas imports the duties of their deputies: a duty found by its 编号
must be one they see, and its deputies go by the rule of activities/reach.py (as an
output's authors), the duty keeping a deputy of their areas."""

from collections import defaultdict

from django.utils.translation import gettext as _

from activities.reach import Reach
from archives.forms import duty_refusals
from archives.models import Duty
from representatives.models import Representative

from .cells import parse_choice, parse_date, parse_list, text
from .columns import DUTIES
from .importing import Changes, Importer, Lookup, sync_links

FIELDS = ["kind", "date", "title", "source", "note"]


class DutyImporter(Importer):
    layout = DUTIES

    def prepare(self):
        self.people = Lookup(Representative, "code")
        self.duties = Lookup(Duty, "ref")
        self.reach = Reach(self.user)

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "ref": text, "kind": lambda v: parse_choice(v, Duty.Kind), "date": parse_date,
            "title": text, "representatives": parse_list, "source": text, "note": text,
        })) for n, row in batch]  # fmt: skip
        self.people.load(code for _n, row in rows for code in row["representatives"] or [])
        self.duties.load(row["ref"] for _n, row in rows)
        self.outside = self.outside_scope(Duty, self.duties.found.values())
        self.linked = defaultdict(list)
        if self.reach.is_limited:
            self.load_linked([self.duties.get(row["ref"]) for _n, row in rows])
        self.check_then_write(rows)

    def load_linked(self, duties):
        """The deputies the batch's existing duties have, for the rule on other areas'."""
        for duty_id, rep_id in Duty.representatives.through.objects.filter(
            duty_id__in=[duty.pk for duty in duties if duty is not None and duty.pk]
        ).values_list("duty_id", "representative_id"):
            self.linked[duty_id].append(rep_id)
        named = [rep.pk for rep in self.people.found.values()]
        self.reach.see(named + [pk for pks in self.linked.values() for pk in pks])

    def check(self, number, row):
        self.check_key(number, "ref", row["ref"])
        duty = self.duties.get(row["ref"])
        if duty is not None and duty.pk in self.outside:
            self.refuse_outside(number, "ref", row["ref"])
            duty = None  # refused: its deputies are not weighed besides
        row["people_ids"] = [rep.pk for rep in self.check_references(
            number, "representatives", row["representatives"] or [], self.people.found,
            _("Unknown deputy card number “%(name)s”."))]  # fmt: skip
        if self.reach.is_limited and (duty is not None or row["ref"] not in self.duties):
            before = self.linked[duty.pk] if duty is not None and duty.pk else []
            for message in duty_refusals(self.reach, before, row["people_ids"]):
                self.error(number, "representatives", message)

    def write(self, rows):
        changes = Changes(self.duties, "ref", importer=self)
        for row in rows:
            row["duty"] = changes.stage(row["ref"], {field: row[field] for field in FIELDS})
        changes.save(FIELDS)
        wanted = {row["duty"].pk: row["people_ids"] for row in rows}
        relinked = sync_links(Duty.representatives.through, "duty", "representative", wanted)
        changes.enter_relinked(relinked)
        changes.count(self.report, relinked)
