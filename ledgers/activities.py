"""Importing activities 活动 with their groups, leaders, topics, departments and attendance.

An attendee listed in 参加代表 is present when they belonged to one of the activity's
groups on its date, and a guest 列席 otherwise; both count as taking part. Attendance
recorded on a page as on leave or absent is kept unless the file lists that person.
"""

from collections import defaultdict

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from activities.models import Activity, Attendance, Campaign, Department, Mode, Topic
from activities.reach import Reach
from lianluo import history
from lianluo.bulk import insert
from representatives.divisions import short_name
from representatives.models import Area, Group, Membership, Representative, dates_overlap

from .cells import parse_bool, parse_choice, parse_date, parse_list, text
from .columns import ACTIVITIES
from .importing import Changes, Importer, Lookup, NamedRecords, label, sync_links

FIELDS = ["campaign", "date", "title", "place", "mode", "accompanied"]


class ActivityImporter(Importer):
    layout = ACTIVITIES

    def prepare(self):
        self.campaigns = Lookup(Campaign, "slug")
        # Named by their key (the checks), and by their name in the attendance's history.
        self.people = Lookup(Representative, "code", only=["name"])
        self.activities = Lookup(Activity, "ref")
        self.groups = NamedRecords(Group, self.report, label(Group))
        self.topics = NamedRecords(Topic, self.report, label(Topic))
        self.departments = NamedRecords(Department, self.report, label(Department))
        # A new group's electoral unit is told by its name: 娄底市第一代表小组 → 娄底市, and
        # 湘西州第一代表小组 → 湘西土家族苗族自治州 by its short name.
        self.area_names = sorted(
            [
                (called, pk)
                for name, pk in Area.objects.values_list("name", "pk")
                for called in {name, short_name(name)} - {""}
            ],
            key=lambda item: -len(item[0]),
        )
        self.reach = Reach(self.user)
        self.refused = {}  # (campaign, date) → why an activity of it cannot be saved

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "ref": text, "campaign": text, "date": parse_date, "title": text, "place": text,
            "mode": lambda v: parse_choice(v, Mode) or Mode.OWN_GROUP, "groups": parse_list,
            "leaders": parse_list, "attendees": parse_list, "topics": parse_list,
            "departments": parse_list, "accompanied": parse_bool,
        })) for n, row in batch]  # fmt: skip
        self.campaigns.load(row["campaign"] for _n, row in rows)
        self.people.load(
            code for _n, row in rows for code in (row["leaders"] or []) + (row["attendees"] or [])
        )
        self.activities.load(row["ref"] for _n, row in rows)
        self.outside = self.outside_scope(Activity, self.activities.found.values())
        if self.reach.is_limited:
            self.load_links([self.activities.get(row["ref"]) for _n, row in rows])
        self.check_then_write(rows)

    def load_links(self, activities):
        """The groups and leaders the batch's existing activities have, for the rule on
        other areas' groups and deputies (activities/reach.py)."""
        ids = [activity.pk for activity in activities if activity is not None]
        groups = {group.pk: group for group in self.groups.by_name.values()}
        self.linked_groups, self.linked_leaders = defaultdict(list), defaultdict(list)
        for activity_id, group_id in Activity.groups.through.objects.filter(
            activity_id__in=ids
        ).values_list("activity_id", "group_id"):
            self.linked_groups[activity_id].append(groups[group_id])
        for activity_id, rep_id in Activity.leaders.through.objects.filter(
            activity_id__in=ids
        ).values_list("activity_id", "representative_id"):
            self.linked_leaders[activity_id].append(rep_id)
        named = [rep.pk for rep in self.people.found.values()]
        self.reach.see(named + [pk for pks in self.linked_leaders.values() for pk in pks])

    def check(self, number, row):
        self.check_key(number, "ref", row["ref"])
        existing = self.activities.get(row["ref"])
        if existing is not None and existing.pk in self.outside:
            self.refuse_outside(number, "ref", row["ref"])
        campaign = self.campaigns.get(row["campaign"])
        if row["campaign"] and campaign is None:
            self.error(
                number, "campaign", _("Unknown campaign “%(name)s”.") % {"name": row["campaign"]}
            )
        for field, message in self.date_refusals(campaign, row["date"]).items():
            self.error(number, field, message)
        row["campaign_obj"] = campaign
        unknown = _("Unknown deputy card number “%(name)s”.")
        for alias in ["leaders", "attendees"]:
            codes = row[alias] or []
            row[f"{alias}_ids"] = [rep.pk for rep in self.check_references(
                number, alias, codes, self.people.found, unknown)]  # fmt: skip
        seen = set()
        for code in row["attendees"] or []:
            if code in seen:
                self.error(number, "attendees", _("%(code)s is listed twice.") % {"code": code})
            seen.add(code)
        row["new_group_areas"], wanted = {}, []
        for name in row["groups"] or []:
            group = self.groups.get(name)
            if group is None:
                area = next((pk for area, pk in self.area_names if name.startswith(area)), None)
                if area is None:
                    self.error(number, "groups", _(
                        "Unknown group “%(name)s”: its name does not begin with an area's."
                    ) % {"name": name})  # fmt: skip
                row["new_group_areas"][name] = area
                group = Group(name=name, area_id=area) if area is not None else None
            if group is not None:
                wanted.append(group)
        if self.reach.is_limited and (existing is None or existing.pk not in self.outside):
            self.check_reach(number, row, existing, wanted)

    def date_refusals(self, campaign, date):
        """`Activity.refusals()` of an activity of `campaign` on `date`, asked once for each
        campaign and date of the file: a batch's activities share a few hundred days."""
        key = (campaign.pk if campaign is not None else None, date)
        if key not in self.refused:
            self.refused[key] = Activity(campaign=campaign, date=date).refusals()
        return self.refused[key]

    def check_reach(self, number, row, existing, groups):
        """Other areas' groups and deputies stay as they were (activities/reach.py)."""
        key = existing.pk if existing is not None else None
        for message in self.reach.group_refusals(self.linked_groups[key], groups):
            self.error(number, "groups", message)
        before = self.linked_leaders[key]
        for message in self.reach.people_refusals(before, row["leaders_ids"]):
            self.error(number, "leaders", message)

    def write(self, rows):
        new_groups = defaultdict(dict)  # area → names of the groups to create there
        for row in rows:
            for name, area_id in row["new_group_areas"].items():
                new_groups[area_id][name] = None
        for area_id, names in new_groups.items():
            self.groups.ensure(list(names), area_id=area_id)
        changes = Changes(self.activities, "ref", importer=self)
        for row in rows:
            row["activity"] = changes.stage(row["ref"], {
                "campaign": row["campaign_obj"], "date": row["date"], "title": row["title"],
                "place": row["place"], "mode": row["mode"], "accompanied": bool(row["accompanied"]),
            })  # fmt: skip
        changes.save(FIELDS)

        def ids(records, names):
            return [obj.pk for obj in records.ensure(names or [])]

        relinked = set()
        for field, target, wanted in [
            ("groups", "group", {r["activity"].pk: ids(self.groups, r["groups"]) for r in rows}),
            ("leaders", "representative", {r["activity"].pk: r["leaders_ids"] for r in rows}),
            ("topics", "topic", {r["activity"].pk: ids(self.topics, r["topics"]) for r in rows}),
            ("departments", "department",
             {r["activity"].pk: ids(self.departments, r["departments"]) for r in rows}),
        ]:  # fmt: skip
            through = getattr(Activity, field).through
            relinked |= sync_links(through, "activity", target, wanted)
        relinked |= self.write_attendance(rows)
        changes.enter_relinked(relinked)
        changes.count(self.report, relinked)

    def write_attendance(self, rows):
        """Attendees are present, or guests when not in the activity's groups that day.

        The new rows go in without a model instance each (`lianluo.bulk`), named in the
        history as an attendance names itself: the person's name and the status."""
        activity_ids = [row["activity"].pk for row in rows]
        group_ids = {row["activity"].pk: {g.pk for g in self.groups.ensure(row["groups"] or [])}
                     for row in rows}  # fmt: skip
        # Who belonged to the batch's groups when: the members present, the others guests.
        member_of = defaultdict(list)  # (person, group) → [(joined, left)]
        for rep_id, group_id, joined, left in (
            Membership.objects.filter(group_id__in={pk for pks in group_ids.values() for pk in pks})
            .order_by()
            .values_list("representative_id", "group_id", "joined_on", "left_on")
        ):
            member_of[rep_id, group_id].append((joined, left))
        existing = defaultdict(dict)  # activity → {person: attendance}
        listed_before = Attendance.objects.filter(activity_id__in=activity_ids).order_by()
        # the person named in the history, if the row goes
        for attendance in listed_before.select_related("representative"):
            existing[attendance.activity_id][attendance.representative_id] = attendance
        names = {rep.pk: rep.name for rep in self.people.found.values()}  # for the history
        statuses = {status: str(label) for status, label in Attendance.Status.choices}
        to_create, to_update, to_delete, changed = [], {}, [], set()
        for row in rows:
            activity = row["activity"]
            listed = set(row["attendees_ids"])
            for rep_id in listed:
                member = any(
                    dates_overlap(joined, left, activity.date, activity.date)
                    for group_id in group_ids[activity.pk]
                    for joined, left in member_of.get((rep_id, group_id), ())
                )
                status = Attendance.Status.PRESENT if member else Attendance.Status.GUEST
                found = existing[activity.pk].get(rep_id)
                if found is None:
                    to_create.append((activity.pk, rep_id, status.value))
                    changed.add(activity.pk)
                elif found.status != status:
                    to_update[found] = {"status": (found.status, status)}
                    if found.reason:
                        to_update[found]["reason"] = (found.reason, "")
                    found.status, found.reason = status, ""
                    changed.add(activity.pk)
            for rep_id, found in existing[activity.pk].items():
                if rep_id not in listed and found.took_part:
                    to_delete.append(found)
                    changed.add(activity.pk)
        keys = insert(
            Attendance,
            ["activity", "representative", "status"],
            to_create,
            same={"reason": ""},
            returning=True,
        )
        history.log_rows(
            Attendance,
            [
                (pk, f"{names[rep]}: {statuses[status]}", LogEntry.Action.CREATE, {}, activity)
                for pk, (activity, rep, status) in zip(keys, to_create, strict=True)
            ],
        )
        Attendance.objects.bulk_update(list(to_update), ["status", "reason"])
        history.log_bulk(Attendance, changed=to_update, part_of="activity_id")
        history.delete_bulk(Attendance, to_delete, part_of="activity_id")
        return changed
