"""Importing deputies' suggestions 代表建议 (DESIGN "Suggestions": the `suggestions` ledger).

A row is one suggestion, keyed by 年度 and 编号 (at the provincial level, the office's),
with its deputies, its 交办 and its latest reply and rating. A new suggestion is created
with the timeline the row states (`suggestions.models.cycle_of_a_ledger_row`: 交办, the
reply, the rating) and, when it belongs to a campaign or an activity, its output 代表建议,
so the campaign figures count it as they count every output. An existing suggestion takes
the row's title, date, topic, complex mark and deputies; its handling is recorded step by
step in the app, so a row must state it as the app has it (an export re-imports
unchanged), and its campaign and activity are changed there too.
"""

import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Campaign, Department, Output, Topic
from activities.versioning import bulk_update_versioned
from lianluo import history as recorded
from representatives.models import Mandate, Representative
from suggestions.models import (
    Deputy,
    Rating,
    ReplyClass,
    Step,
    Suggestion,
    cycle_of_a_ledger_row,
)

from .cells import CellError, parse_bool, parse_choice, parse_count, parse_date, parse_list, text
from .columns import SUGGESTIONS
from .importing import Importer, Lookup, NamedRecords, label, old_and_new, sync_links

LEVEL = Mandate.Level.PROVINCIAL
FIELDS = ["title", "submitted_on", "topic", "complex"]
NUMBER = re.compile(r"^第?\s*0*(\d{1,9})\s*号?$")


def parse_number(value):
    """第0123号, 0123 or 123; None when empty."""
    raw = text(value)
    if not raw:
        return None
    found = NUMBER.match(raw)
    if not found or int(found[1]) < 1:
        raise CellError(_("“%(value)s” is not a suggestion's number (第0123号).") % {"value": raw})
    return int(found[1])


def parse_year(value):
    year = parse_count(value)
    if year and not 1949 <= year <= 2100:
        raise CellError(_("%(value)s is not a year.") % {"value": year})
    return year or None


def output_ref(year, number):
    """The ref 编号 of the output a suggestion imported with a campaign is counted by."""
    return f"JY-{year}-{number:04d}"


class SuggestionImporter(Importer):
    layout = SUGGESTIONS

    def prepare(self):
        self.campaigns = Lookup(Campaign, "slug")
        self.activities = Lookup(Activity, "ref")
        self.people = Lookup(Representative, "code")
        self.topics = NamedRecords(Topic, self.report, label(Topic))
        self.departments = NamedRecords(Department, self.report, label(Department))
        self.found = {}  # (year, number) → the suggestion, with its handling read
        self.outputs = Lookup(Output, "ref")

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "number": parse_number, "year": parse_year, "title": text, "lead": text,
            "seconders": parse_list, "submitted": parse_date, "topic": text,
            "lead_unit": text, "co_units": parse_list, "assigned": parse_date,
            "complex": parse_bool, "replied": parse_date,
            "class": lambda v: parse_choice(v, ReplyClass), "rating":
            lambda v: parse_choice(v, Rating), "campaign": text, "activity": text,
        })) for n, row in batch]  # fmt: skip
        self.campaigns.load(row["campaign"] for _n, row in rows)
        self.activities.load(row["activity"] for _n, row in rows)
        self.people.load(
            code for _n, row in rows for code in [row["lead"], *(row["seconders"] or [])]
        )
        self.load_suggestions([(row["year"], row["number"]) for _n, row in rows])
        self.outputs.load(
            output_ref(row["year"], row["number"])
            for _n, row in rows
            if row["year"] and row["number"] and (row["campaign"] or row["activity"])
        )
        self.outside = self.outside_scope(Activity, self.activities.found.values())
        self.outside_suggestions = self.outside_scope(Suggestion, self.found.values())
        self.visible_people = self.people_in_scope()
        self.check_then_write(rows)

    def load_suggestions(self, keys):
        """The batch's existing suggestions, each with its deputies and its handling as a
        row states it: three queries."""
        keys = [(year, number) for year, number in keys if year and number]
        wanted = Q()
        for year, number in keys:
            wanted |= Q(year=year, number=number)
        if not keys:
            return
        found = (
            Suggestion.objects.filter(wanted, level=LEVEL)
            .with_latest()
            .select_related("lead_unit", "output")
            .prefetch_related("co_units", "deputy_rows__representative")
        )
        for suggestion in found:
            self.found[(suggestion.year, suggestion.number)] = suggestion

    def people_in_scope(self):
        """The keys of the named deputies a user scoped to areas may put a suggestion of
        (None: no limit)."""
        if self.scope is None:
            return None
        named = [person.pk for person in self.people.found.values()]
        visible = Representative.objects.visible_to(self.user).filter(pk__in=named)
        return set(visible.values_list("pk", flat=True))

    def check(self, number, row):
        key = (row["year"], row["number"])
        if row["year"] and row["number"]:
            self.check_key(number, "number", key)
        suggestion = self.found.get(key)
        if suggestion is not None and suggestion.pk in self.outside_suggestions:
            self.refuse_outside(number, "number", row["number"])
        campaign, activity = self.check_campaign_and_activity(number, row)
        row["campaign_obj"], row["activity_obj"] = campaign, activity
        lead = self.people.get(row["lead"])
        if row["lead"] and lead is None:
            self.error(
                number, "lead", _("Unknown deputy card number “%(name)s”.") % {"name": row["lead"]}
            )
        seconders = self.check_references(
            number, "seconders", row["seconders"] or [], self.people.found,
            _("Unknown deputy card number “%(name)s”."),
        )  # fmt: skip
        if lead is not None:
            for message in Suggestion.deputies_refusals(lead, seconders).values():
                self.error(number, "seconders", message)
            limited = suggestion is None and self.visible_people is not None
            if limited and lead.pk not in self.visible_people:
                self.refuse_outside(number, "lead", row["lead"])
        row["lead_obj"], row["seconder_objs"] = lead, seconders
        if suggestion is None and row["year"] and row["number"]:
            ref = output_ref(row["year"], row["number"])
            if (campaign or activity) and ref in self.outputs:
                self.error(number, "number", _(
                    "The output %(ref)s, which would count this suggestion, exists already."
                ) % {"ref": ref})  # fmt: skip
        as_imported = Suggestion(
            campaign=campaign, activity=activity, submitted_on=row["submitted"]
        )
        for field, message in as_imported.refusals().items():
            self.error(number, field if field in ("activity", "campaign") else "", message)
        self.check_cycle(number, row)
        if suggestion is not None:
            self.check_unchanged_handling(number, row, suggestion)

    def check_cycle(self, number, row):
        """The rules of a row's handling: a 交办 has its date and its lead unit; a reply
        its date and class, after the 交办; a rating follows a reply; no date is to come."""
        today = timezone.localdate()
        assigned, replied = row["assigned"], row["replied"]
        if bool(assigned) != bool(row["lead_unit"]):
            self.error(number, "assigned", _("A 交办 has its date and its lead unit."))
        if row["co_units"] and not assigned:
            self.error(number, "co_units", _("Co-units are given with a 交办."))
        if row["lead_unit"] and row["lead_unit"] in (row["co_units"] or []):
            self.error(number, "co_units", _("The lead unit cannot also be a co-unit."))
        if assigned and row["submitted"] and assigned < row["submitted"]:
            self.error(number, "assigned", _("A suggestion cannot be assigned before it was put."))
        if bool(replied) != bool(row["class"]):
            self.error(number, "class", _("A reply has its date and its class."))
        if replied and (not assigned or replied < assigned):
            self.error(number, "replied", _("A suggestion is answered after its 交办."))
        if row["rating"] and not replied:
            self.error(number, "rating", _("A rating follows a reply."))
        for alias in ("submitted", "assigned", "replied"):
            if row[alias] and row[alias] > today:
                self.error(number, alias, _("The date cannot be in the future."))

    def check_unchanged_handling(self, number, row, suggestion):
        """An existing suggestion's handling, campaign and activity are changed in the app,
        step by step: the row states them as they are."""
        as_it_is = {
            "lead_unit": suggestion.lead_unit.name if suggestion.lead_unit else "",
            "co_units": sorted(unit.name for unit in suggestion.co_units.all()),
            "assigned": suggestion.assigned_on,
            "replied": suggestion.latest_reply_on,
            "class": suggestion.latest_class or None,
            "rating": suggestion.latest_rating or None,
        }
        as_given = {
            "lead_unit": row["lead_unit"], "co_units": sorted(row["co_units"] or []),
            "assigned": row["assigned"], "replied": row["replied"],
            "class": row["class"], "rating": row["rating"],
        }  # fmt: skip
        for alias, value in as_it_is.items():
            if as_given[alias] != value:
                self.error(number, alias, _(
                    "The handling of an existing suggestion (交办, reply, rating) is "
                    "recorded step by step in the app: this cell differs from it."
                ))  # fmt: skip
        given = [getattr(row[key], "pk", None) for key in ("campaign_obj", "activity_obj")]
        if given != [suggestion.campaign_id, suggestion.activity_id]:
            self.error(number, "campaign", _(
                "The campaign and the activity of an existing suggestion are changed in the app."
            ))  # fmt: skip

    def write(self, rows):
        self.topics.ensure([row["topic"] for row in rows if row["topic"]])
        self.departments.ensure(
            [name for row in rows for name in [row["lead_unit"], *(row["co_units"] or [])] if name]
        )
        new, changed, changes, deputies_changed = [], [], {}, {}
        for row in rows:
            values = {
                "title": row["title"], "submitted_on": row["submitted"],
                "topic": self.topics.get(row["topic"]), "complex": bool(row["complex"]),
            }  # fmt: skip
            row["deputies"] = [row["lead_obj"], *row["seconder_objs"]]
            row["deputy_ids"] = [person.pk for person in row["deputies"]]
            suggestion = self.found.get((row["year"], row["number"]))
            if suggestion is None:
                suggestion = Suggestion(
                    number=row["number"], year=row["year"], level=LEVEL,
                    campaign=row["campaign_obj"], activity=row["activity_obj"], **values,
                )  # fmt: skip
                self.found[(row["year"], row["number"])] = suggestion
                new.append((suggestion, row))
                continue
            before = [d.representative_id for d in suggestion.deputy_rows.all()]
            if before != row["deputy_ids"]:
                deputies_changed[suggestion] = row["deputies"]
            if found := old_and_new(suggestion, values):
                for field, value in values.items():
                    setattr(suggestion, field, value)
                changes[suggestion] = found
            if found or suggestion in deputies_changed:
                changed.append(suggestion)
            else:
                self.report.count(label(Suggestion), "unchanged")
        self.write_new(new)
        self.write_changed(changed, changes, deputies_changed)

    def write_new(self, new):
        """Create the new suggestions with their deputies, their timeline and their output."""
        if not new:
            return
        suggestions = [suggestion for suggestion, _row in new]
        self.enter(Suggestion, suggestions)
        outputs = []
        for suggestion, row in new:
            if suggestion.campaign_id or suggestion.activity_id:
                output = Output(
                    ref=output_ref(suggestion.year, suggestion.number),
                    kind=Output.Kind.SUGGESTION, title=suggestion.title,
                    date=suggestion.submitted_on, campaign=suggestion.campaign,
                    activity=suggestion.activity,
                    **{field: getattr(suggestion, field) for field in Suggestion.REVIEW_FIELDS},
                )  # fmt: skip
                suggestion.output = output
                outputs.append((output, row))
        Output.objects.bulk_create([output for output, _row in outputs])
        steps, first_steps = [], []
        for suggestion, row in new:
            cycle = cycle_of_a_ledger_row(
                suggestion, lead_unit=self.departments.get(row["lead_unit"]),
                assigned_on=row["assigned"], replied_on=row["replied"],
                reply_class=row["class"] or "", rating=row["rating"] or "", by=self.user,
            )  # fmt: skip
            steps += cycle
            if cycle:
                first_steps.append((cycle[0], row))
        Suggestion.objects.bulk_create(suggestions)
        deputies = [
            Deputy(suggestion=suggestion, representative=person, is_lead=n == 0)
            for suggestion, row in new
            for n, person in enumerate(row["deputies"])
        ]
        Deputy.objects.bulk_create(deputies)
        Output.representatives.through.objects.bulk_create(
            Output.representatives.through(output_id=output.pk, representative_id=pk)
            for output, row in outputs
            for pk in row["deputy_ids"]
        )
        Step.objects.bulk_create(steps)
        co_units = [(s, row) for s, row in new if row["co_units"]]
        Suggestion.co_units.through.objects.bulk_create(
            Suggestion.co_units.through(suggestion_id=s.pk, department=self.departments.get(name))
            for s, row in co_units
            for name in row["co_units"]
        )
        Step.co_units.through.objects.bulk_create(
            Step.co_units.through(step_id=step.pk, department=self.departments.get(name))
            for step, row in first_steps
            for name in row["co_units"] or []
        )
        recorded.log_bulk(Output, created=[output for output, _row in outputs])
        recorded.log_bulk(Suggestion, created=suggestions)
        recorded.log_bulk(Deputy, created=deputies)
        recorded.log_bulk(Step, created=steps)
        self.report.count(label(Suggestion), "created", len(suggestions))

    def write_changed(self, changed, changes, deputies_changed):
        """Update the changed suggestions, their deputies and the outputs that count them."""
        if not changed:
            return
        for suggestion, review in self.enter(Suggestion, changed).items():
            changes.setdefault(suggestion, {}).update(review)
        bulk_update_versioned(Suggestion, changed, [*FIELDS, *Suggestion.REVIEW_FIELDS])
        if deputies_changed:
            removed = Deputy.objects.filter(suggestion__in=list(deputies_changed)).select_related(
                "suggestion", "representative"
            )
            recorded.log_bulk(Deputy, deleted=list(removed))
            removed.delete()
            created = Deputy.objects.bulk_create(
                Deputy(suggestion=suggestion, representative=person, is_lead=n == 0)
                for suggestion, people in deputies_changed.items()
                for n, person in enumerate(people)
            )
            recorded.log_bulk(Deputy, created=created)
        kept = [suggestion for suggestion in changed if suggestion.output is not None]
        for suggestion in kept:
            output = suggestion.output
            output.title, output.date = suggestion.title, suggestion.submitted_on
            for field in Suggestion.REVIEW_FIELDS:
                setattr(output, field, getattr(suggestion, field))
        bulk_update_versioned(
            Output, [s.output for s in kept], ["title", "date", *Output.REVIEW_FIELDS]
        )
        authors = {
            s.output_id: [person.pk for person in deputies_changed[s]]
            for s in kept
            if s in deputies_changed
        }
        sync_links(Output.representatives.through, "output", "representative", authors)
        recorded.log_bulk(Suggestion, changed=changes)
        self.report.count(label(Suggestion), "updated", len(changed))
