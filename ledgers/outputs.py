"""Importing outputs 成果: research reports, suggestions and motions, and their authors."""

from collections import defaultdict

from django.utils.translation import gettext as _

from activities import following, review_kinds
from activities.models import Activity, Campaign, Output
from activities.reach import Reach
from representatives.models import Representative

from .cells import parse_choice, parse_date, parse_list, text
from .columns import OUTPUTS
from .importing import Changes, Importer, Lookup, differs, sync_links

FIELDS = ["kind", "title", "date", "campaign", "activity"]


class OutputImporter(Importer):
    layout = OUTPUTS

    def prepare(self):
        self.campaigns = Lookup(Campaign, "slug")
        self.activities = Lookup(Activity, "ref")
        self.people = Lookup(Representative, "code")
        self.outputs = Lookup(Output, "ref")
        self.reach = Reach(self.user)

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "ref": text, "campaign": text, "activity": text, "title": text, "date": parse_date,
            "kind": lambda v: parse_choice(v, Output.Kind), "representatives": parse_list,
        })) for n, row in batch]  # fmt: skip
        self.campaigns.load(row["campaign"] for _n, row in rows)
        self.activities.load(row["activity"] for _n, row in rows)
        self.people.load(code for _n, row in rows for code in row["representatives"] or [])
        self.outputs.load(row["ref"] for _n, row in rows)
        self.outside = self.outside_scope(Activity, self.activities.found.values())
        self.outside_outputs = self.outside_scope(Output, self.outputs.found.values())
        self.load_following([self.outputs.get(row["ref"]) for _n, row in rows])
        if self.reach.is_limited:
            self.load_authors([self.outputs.get(row["ref"]) for _n, row in rows])
        self.check_then_write(rows)

    def load_following(self, outputs):
        """The batch's existing outputs that follow another record (a suggestion's output,
        activities/following.py), with their authors: a row may name one only unchanged
        (two queries, the second only when there are such outputs)."""
        pks = [output.pk for output in outputs if output is not None]
        self.following = {
            output.pk: following.leader_of(output)
            for output in Output.objects.filter(pk__in=pks).following_another()
        }
        self.following_authors = defaultdict(set)
        if self.following:
            for output_id, rep_id in Output.representatives.through.objects.filter(
                output_id__in=list(self.following)
            ).values_list("output_id", "representative_id"):
                self.following_authors[output_id].add(rep_id)

    def refuse_following(self, number, row, output):
        """Refuse the row if it would change an output that follows another record: that
        output is changed only through what it follows, so the two never disagree. A row
        that leaves it as it is (a list exported and uploaded again) passes."""
        values = {
            "kind": row["kind"], "title": row["title"], "date": row["date"],
            "campaign": row["campaign_obj"], "activity": row["activity_obj"],
        }  # fmt: skip
        if differs(output, values) or set(row["people_ids"]) != self.following_authors[output.pk]:
            leader = self.following[output.pk]
            kind = review_kinds.kind_of(type(leader))
            self.error(number, "ref", _(
                "The output “%(ref)s” counts the %(kind)s “%(leader)s”: it changes with it, "
                "on its page, not in this file."
            ) % {"ref": row["ref"], "kind": str(kind.label).lower() if kind else "",
                 "leader": leader})  # fmt: skip

    def load_authors(self, outputs):
        """The authors the batch's existing outputs have, for the rule on other areas'
        deputies (activities/reach.py)."""
        self.authors = defaultdict(list)
        for output_id, rep_id in Output.representatives.through.objects.filter(
            output_id__in=[output.pk for output in outputs if output is not None]
        ).values_list("output_id", "representative_id"):
            self.authors[output_id].append(rep_id)
        named = [rep.pk for rep in self.people.found.values()]
        self.reach.see(named + [pk for pks in self.authors.values() for pk in pks])

    def check(self, number, row):
        self.check_key(number, "ref", row["ref"])
        output = self.outputs.get(row["ref"])
        if output is not None and output.pk in self.outside_outputs:
            self.refuse_outside(number, "ref", row["ref"])
        campaign, activity = self.check_campaign_and_activity(number, row)
        named_unknown = (row["campaign"] and campaign is None) or (
            row["activity"] and activity is None
        )
        if not named_unknown:  # an unknown campaign or activity is refused above
            as_imported = Output(campaign=campaign, activity=activity)
            for field, message in as_imported.refusals().items():
                self.error(number, field, message)
        row["campaign_obj"], row["activity_obj"] = campaign, activity
        row["people_ids"] = [rep.pk for rep in self.check_references(
            number, "representatives", row["representatives"] or [], self.people.found,
            _("Unknown deputy card number “%(name)s”."))]  # fmt: skip
        if output is not None and output.pk in self.following:
            self.refuse_following(number, row, output)
        if self.reach.is_limited and (output is None or output.pk not in self.outside_outputs):
            before = self.authors[output.pk] if output is not None else []
            for message in self.reach.people_refusals(before, row["people_ids"]):
                self.error(number, "representatives", message)
            if not row["activity"]:
                for message in self.reach.output_refusals(row["people_ids"]):
                    self.error(number, "representatives", message)

    def write(self, rows):
        changes = Changes(self.outputs, "ref", importer=self)
        for row in rows:
            row["output"] = changes.stage(row["ref"], {
                "kind": row["kind"], "title": row["title"], "date": row["date"],
                "campaign": row["campaign_obj"], "activity": row["activity_obj"],
            })  # fmt: skip
        changes.save(FIELDS)
        wanted = {row["output"].pk: row["people_ids"] for row in rows}
        relinked = sync_links(Output.representatives.through, "output", "representative", wanted)
        changes.enter_relinked(relinked)
        changes.count(self.report, relinked)
