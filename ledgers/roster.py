"""Importing a roster 代表名册: people, their mandates and their group memberships, and
the posts they hold, dated (representatives/posts.py).

A person may stand on several rows, one per group membership; the personal cells of
those rows must agree. A row adds or updates the memberships it names and never deletes
one: a membership ends when a row gives its 离组日期.

What it creates and each field it changes (old → new) goes into the history, one more
query per kind and batch: the records are named there from what the rows say, so naming
them costs no query.
"""

from collections import defaultdict

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from lianluo import history
from lianluo.bulk import insert
from lianluo.punctuation import noted
from representatives.models import (
    Group,
    Mandate,
    Membership,
    PostHeld,
    Representative,
    pinyin_initials,
)
from representatives.posts import keep_posts_dated

from .cells import parse_bool, parse_choice, parse_date, parse_list, text
from .columns import ROSTER
from .importing import Importer, NamedRecords, label

PERSONAL = ["name", "gender", "ethnicity", "party", "levels", "electoral_unit",
            "provincial_leader", "post"]  # fmt: skip
PERSON_FIELDS = ["name", "gender", "ethnicity", "party", "post", "is_provincial_leader"]


def parse_levels(value):
    return tuple(parse_choice(item, Mandate.Level) for item in parse_list(value))


class RosterImporter(Importer):
    layout = ROSTER
    province_wide = True

    def prepare(self):
        self.groups = NamedRecords(Group, self.report, label(Group))
        self.people = {}  # code → (first row number, personal cells)
        self.rep_ids = {}  # code → id, for the rows of a person seen in an earlier batch
        self.people_named = {}  # code → the person as the history names them
        self.initials = {}  # name → its pinyin initials: a roster repeats many names

    def import_batch(self, batch):
        parsed = [(number, self.parse(number, row)) for number, row in batch]
        parsed = [(number, row) for number, row in parsed if row is not None]
        if not self.report.ok:
            return  # nothing is kept anyway: only keep checking the rows
        self.write_people(parsed)
        self.write_mandates(parsed)
        self.write_memberships(parsed)

    # --- reading and checking --------------------------------------------

    def parse(self, number, row):
        errors_before = len(self.report.errors)
        values = self.cells(number, row, {
            "code": text, "name": text, "ethnicity": text, "party": text, "post": text,
            "gender": lambda v: parse_choice(v, Representative.Gender) or "",
            "levels": parse_levels, "electoral_unit": text, "groups": parse_list,
            "joined": parse_date, "left": parse_date, "provincial_leader": parse_bool,
        })  # fmt: skip
        unit = self.area_named(number, "electoral_unit", values["electoral_unit"])
        if values["levels"] and not values["electoral_unit"]:
            self.error(number, "electoral_unit", _("Give the electoral unit of the mandates."))
        if values["joined"] and values["left"]:  # the dates' rule needs both
            as_imported = Membership(joined_on=values["joined"], left_on=values["left"])
            for field, message in as_imported.refusals().items():
                self.error(number, {"left_on": "left", "joined_on": "joined"}[field], message)
        if (values["joined"] or values["left"]) and not values["groups"]:
            self.error(number, "groups", _("Name the group these dates belong to."))
        new_groups = [name for name in values["groups"] if name not in self.groups]
        if new_groups and not values["electoral_unit"]:
            self.error(
                number, "electoral_unit", _("A new group needs the electoral unit it belongs to.")
            )
        if len(self.report.errors) == errors_before:  # a bad cell is not a disagreement
            self.check_person(number, values)
        if len(self.report.errors) > errors_before:
            return None
        values["unit"] = unit
        return values

    def check_person(self, number, values):
        """Rows of one person must agree on the personal cells."""
        code = values["code"]
        personal = {alias: values[alias] for alias in PERSONAL}
        if code not in self.people:
            self.people[code] = (number, personal)
            return
        first_row, first = self.people[code]
        for alias in PERSONAL:
            if personal[alias] != first[alias]:
                self.error(number, alias, _(
                    "Rows of %(code)s disagree: row %(first)s says otherwise."
                ) % {"code": code, "first": first_row})  # fmt: skip

    # --- writing ------------------------------------------------------------

    def write_people(self, parsed):
        """Create the people first seen in this batch, or update what changed."""
        first_rows = {}
        for _number, row in parsed:
            if row["code"] not in self.rep_ids:
                first_rows.setdefault(row["code"], row)
        existing = {
            values[1]: values
            for values in Representative.objects.filter(code__in=first_rows)
            .order_by()
            .values_list("pk", "code", *PERSON_FIELDS)
        }
        to_create, changed = [], {}
        for code, row in first_rows.items():
            wanted = (row["name"], row["gender"], row["ethnicity"], row["party"], row["post"],
                      bool(row["provincial_leader"]))  # fmt: skip
            found = existing.get(code)
            if found is not None:
                self.rep_ids[code] = found[0]
                if found[2:] == wanted:
                    self.report.count(label(Representative), "unchanged")
                    continue
            if row["name"] not in self.initials:
                self.initials[row["name"]] = pinyin_initials(row["name"])
            person = Representative(
                pk=found[0] if found else None,
                code=code,
                initials=self.initials[row["name"]],
                **dict(zip(PERSON_FIELDS, wanted, strict=True)),
            )
            if found is None:
                to_create.append(person)
            else:
                changed[person] = {
                    field: (old, new)
                    for field, old, new in zip(PERSON_FIELDS, found[2:], wanted, strict=True)
                    if old != new
                }
        to_update = list(changed)
        fields = ["code", *PERSON_FIELDS, "initials"]
        keys = insert(
            Representative,
            fields,
            [tuple(getattr(person, field) for field in fields) for person in to_create],
            returning=True,
        )
        for person, key in zip(to_create, keys, strict=True):
            person.pk = key
        Representative.objects.bulk_update(to_update, [*PERSON_FIELDS, "initials"])
        # Named as Representative.__str__ names them (张三（HN001）), the pattern translated
        # once a batch rather than once a person.
        named = noted("%(name)s", "%(code)s")
        history.log_rows(Representative, [
            (person.pk, named % {"name": person.name, "code": person.code},
             LogEntry.Action.CREATE, {}, None)
            for person in to_create
        ])  # fmt: skip
        history.log_bulk(Representative, changed=changed)
        self.report.count(label(Representative), "created", len(to_create))
        self.report.count(label(Representative), "updated", len(to_update))
        for rep in to_create:
            self.rep_ids[rep.code] = rep.pk
        self.batch_people = first_rows
        self.write_posts(first_rows)

    def write_posts(self, first_rows):
        """The posts held follow the 职务 of the people first seen in this batch, dated by
        the day of the import (representatives/posts.py)."""
        titles = {self.person(row): row["post"] for row in first_rows.values()}
        created, changed, unchanged = keep_posts_dated(titles)
        self.report.count(label(PostHeld), "created", len(created))
        self.report.count(label(PostHeld), "updated", len(changed))
        self.report.count(label(PostHeld), "unchanged", unchanged)

    def person(self, row):
        """The person of `row`, as the history names them (no query)."""
        code = row["code"]
        if code not in self.people_named:
            self.people_named[code] = Representative(
                pk=self.rep_ids[code], code=code, name=row["name"]
            )
        return self.people_named[code]

    def write_mandates(self, parsed):
        """The levels a person's rows list, each with the row's electoral unit."""
        people = {self.rep_ids[code]: self.person(row) for code, row in self.batch_people.items()}
        wanted = {
            (self.rep_ids[code], level): row["unit"].pk
            for code, row in self.batch_people.items()
            for level in row["levels"]
        }
        if not wanted:
            return
        existing = {}
        for pk, rep_id, level, unit_id in (
            Mandate.objects.filter(representative_id__in={rep_id for rep_id, _level in wanted})
            .order_by("pk")
            .values_list("pk", "representative_id", "level", "electoral_unit_id")
        ):
            existing.setdefault((rep_id, level), (pk, unit_id))
        to_create, changed = [], {}
        for (rep_id, level), unit_id in wanted.items():
            found = existing.get((rep_id, level))
            if found is None:
                to_create.append((rep_id, level, unit_id))
            elif found[1] != unit_id:
                mandate = Mandate(
                    pk=found[0], representative=people[rep_id], level=level,
                    electoral_unit_id=unit_id,
                )  # fmt: skip
                changed[mandate] = {"electoral_unit": (found[1], unit_id)}
            else:
                self.report.count(label(Mandate), "unchanged")
        to_update = list(changed)
        keys = insert(Mandate, ["representative", "level", "electoral_unit"], to_create,
                      returning=True)  # fmt: skip
        Mandate.objects.bulk_update(to_update, ["electoral_unit"])
        levels = {level: str(name) for level, name in Mandate.Level.choices}
        history.log_rows(
            Mandate,
            [
                (key, f"{people[rep_id].name} · {levels[level]}", LogEntry.Action.CREATE, {}, None)
                for key, (rep_id, level, _unit) in zip(keys, to_create, strict=True)
            ],
        )  # fmt: skip  (named as Mandate.__str__ names them, the levels translated once)
        history.log_bulk(Mandate, changed=changed)
        self.report.count(label(Mandate), "created", len(to_create))
        self.report.count(label(Mandate), "updated", len(to_update))

    def write_memberships(self, parsed):
        """Add the memberships the rows name; update the dates of those that exist."""
        rows = [row for _number, row in parsed if row["groups"]]
        new_groups = {}  # a new group belongs to the unit of the first row naming it
        for row in rows:
            for name in row["groups"]:
                if name not in self.groups:
                    new_groups.setdefault(row["unit"], {}).setdefault(name, None)
        for unit, names in new_groups.items():
            self.groups.ensure(list(names), area=unit)
        existing = defaultdict(list)  # (person, group) → [[pk, joined, left], …]
        for pk, rep_id, group_id, joined, left in (
            Membership.objects.filter(
                representative_id__in={self.rep_ids[row["code"]] for row in rows}
            )
            .order_by("pk")
            .values_list("pk", "representative_id", "group_id", "joined_on", "left_on")
        ):
            existing[rep_id, group_id].append([pk, joined, left])
        to_create, to_update, changed = [], {}, {}
        for row in rows:
            rep_id = self.rep_ids[row["code"]]
            for name in row["groups"]:
                group = self.groups.get(name)
                group_id = group.pk
                candidates = existing[rep_id, group_id]
                match = next(
                    (m for m in candidates if row["joined"] and m[1] == row["joined"]), None
                ) or next((m for m in candidates if m[2] is None), None)
                if match is None:
                    candidates.append([None, row["joined"], row["left"]])
                    to_create.append((rep_id, group, row["joined"], row["left"], row["name"]))
                    continue
                dates = [row["joined"] or match[1], row["left"] or match[2]]
                if dates == match[1:]:
                    self.report.count(label(Membership), "unchanged")
                elif match[0] is not None:
                    membership = to_update.get(match[0]) or Membership(
                        pk=match[0], representative=self.person(row), group=group
                    )
                    fields = changed.setdefault(membership, {})
                    for field, old, new in zip(
                        ["joined_on", "left_on"], match[1:], dates, strict=True
                    ):
                        if old != new:
                            fields[field] = (fields.get(field, (old,))[0], new)
                    membership.joined_on, membership.left_on = dates
                    match[1:] = dates
                    to_update[match[0]] = membership
        keys = insert(
            Membership,
            ["representative", "group", "joined_on", "left_on"],
            [(rep_id, group.pk, joined, left) for rep_id, group, joined, left, _ in to_create],
            returning=True,
        )
        Membership.objects.bulk_update(list(to_update.values()), ["joined_on", "left_on"])
        history.log_rows(Membership, [  # named as Membership.__str__ names them
            (key, f"{name} @ {group.name}", LogEntry.Action.CREATE, {}, None)
            for key, (_rep, group, _joined, _left, name) in zip(keys, to_create, strict=True)
        ])  # fmt: skip
        history.log_bulk(Membership, changed=changed)
        self.report.count(label(Membership), "created", len(to_create))
        self.report.count(label(Membership), "updated", len(to_update))
