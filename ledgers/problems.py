"""Importing problems 问题 raised at activities, and their status.

A new problem, and a problem whose status the file changes, gets a row in its history
(who imported it, on which date, from which status to which). What the import creates,
and each field it changes old → new, goes into the history (修改记录) too.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Department, Problem, StatusChange, Topic
from activities.versioning import bulk_update_versioned
from lianluo import history as recorded

from .cells import parse_choice, parse_date, text
from .columns import PROBLEMS
from .importing import Importer, Lookup, NamedRecords, label, old_and_new

FIELDS = ["activity", "title", "topic", "department", "status", "resolved_on", "outcome", "note"]


class ProblemImporter(Importer):
    layout = PROBLEMS

    def prepare(self):
        self.activities = Lookup(Activity, "ref")
        self.problems = Lookup(Problem, "ref")
        self.topics = NamedRecords(Topic, self.report, label(Topic))
        self.departments = NamedRecords(Department, self.report, label(Department))

    def import_batch(self, batch):
        rows = [(n, self.cells(n, row, {
            "ref": text, "activity": text, "title": text, "topic": text, "department": text,
            "status": lambda v: parse_choice(v, Problem.Status) or Problem.Status.OPEN,
            "resolved_on": parse_date, "outcome": text, "note": text,
        })) for n, row in batch]  # fmt: skip
        self.activities.load(row["activity"] for _n, row in rows)
        self.problems.load(row["ref"] for _n, row in rows)
        self.outside = self.outside_scope(Activity, self.activities.found.values())
        self.outside_problems = self.outside_scope(Problem, self.problems.found.values())
        self.check_then_write(rows)

    def check(self, number, row):
        self.check_key(number, "ref", row["ref"])
        problem = self.problems.get(row["ref"])
        if problem is not None and problem.pk in self.outside_problems:
            self.refuse_outside(number, "ref", row["ref"])
        activity = self.activities.get(row["activity"])
        if activity is not None and activity.pk in self.outside:
            self.refuse_outside(number, "activity", row["activity"])
        if row["activity"] and activity is None:
            self.error(
                number, "activity", _("Unknown activity “%(name)s”.") % {"name": row["activity"]}
            )
        as_imported = Problem(
            activity=activity, status=row["status"], resolved_on=row["resolved_on"],
            outcome=row["outcome"], note=row["note"],
        )  # fmt: skip
        for field, message in as_imported.refusals().items():
            self.error(number, field, message)
        row["activity_obj"] = activity

    def write(self, rows):
        today = timezone.localdate()
        self.topics.ensure([row["topic"] for row in rows if row["topic"]])
        self.departments.ensure([row["department"] for row in rows if row["department"]])
        areas = Problem.areas_of({row["activity_obj"].pk for row in rows})
        to_create, changed, history = [], {}, []
        for row in rows:
            activity = row["activity_obj"]
            values = {
                "activity": activity, "title": row["title"],
                "topic": self.topics.get(row["topic"]),
                "department": self.departments.get(row["department"]),
                "status": row["status"], "resolved_on": row["resolved_on"],
                "outcome": row["outcome"], "note": row["note"],
            }  # fmt: skip
            problem = self.problems.get(row["ref"])
            on = row["resolved_on"] or today
            if problem is None:
                problem = Problem(ref=row["ref"], **values)
                history.append(problem.raising(by=self.user, areas=areas))
                to_create.append(problem)
            elif changes := old_and_new(problem, values):
                if problem.status != row["status"]:
                    history.append(
                        problem.step_to(row["status"], on=on, by=self.user, note=row["note"])
                    )
                for key, value in values.items():
                    setattr(problem, key, value)
                changed[problem] = changes
            else:
                self.report.count(label(Problem), "unchanged")
        to_update = list(changed)
        for problem, review in self.enter(Problem, to_create + to_update).items():
            changed[problem] |= review  # written with them, below
        Problem.objects.bulk_create(to_create)
        bulk_update_versioned(Problem, to_update, [*FIELDS, *Problem.REVIEW_FIELDS])
        StatusChange.objects.bulk_create(history)
        recorded.log_bulk(Problem, created=to_create, changed=changed)
        recorded.log_bulk(StatusChange, created=history)
        self.report.count(label(Problem), "created", len(to_create))
        self.report.count(label(Problem), "updated", len(to_update))
