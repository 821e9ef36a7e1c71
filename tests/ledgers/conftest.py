"""The areas the ledgers name, an import helper, the database's state, and the personas.

The ledgers in files.py depend on each other in the order of ORDER (a roster before the
campaigns whose leaders it lists, and so on); `imported(kind)` loads those before `kind`.
"""

import pytest

from accounts.models import Role
from activities.models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Output,
    Problem,
    StatusChange,
    Topic,
)
from ledgers.reading import read_sheet
from ledgers.registry import IMPORTERS
from representatives.models import Area, Group, Mandate, Membership, Representative
from suggestions.models import Deputy, Step, Suggestion
from tests.conftest import login

from .files import LEDGERS, ORDER, as_file

# Every table an import writes, its many-to-many links included.
TABLES = [
    Area, Representative, Mandate, Group, Membership, Campaign, Campaign.leaders.through,
    Activity, Activity.groups.through, Activity.leaders.through, Activity.topics.through,
    Activity.departments.through, Attendance, Topic, Department, Problem, StatusChange,
    Output, Output.representatives.through, ContactTally, MediaReport, Suggestion,
    Suggestion.co_units.through, Deputy, Step, Step.co_units.through,
]  # fmt: skip


def database_state():
    """Every row of every table an import writes, to compare before and after."""
    return {
        table._meta.db_table: sorted(map(repr, table.objects.values_list())) for table in TABLES
    }


def run_import(kind, rows, file_format="utf-8-sig", user=None, dry_run=False):
    """Import `rows` of `kind` as a file of `file_format`; the report."""
    importer = IMPORTERS[kind](user=user)
    name, data = as_file(rows, file_format)
    return importer.run(read_sheet(importer.layout, name, data), dry_run=dry_run)


def errors(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def outcome(report):
    """(created, updated, unchanged) as plain dicts."""
    return dict(report.created), dict(report.updated), dict(report.unchanged)


@pytest.fixture
def areas(db):
    province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
    loudi = Area.objects.create(name="娄底市", kind=Area.Kind.CITY, parent=province)
    Area.objects.create(name="娄星区", kind=Area.Kind.COUNTY, parent=loudi)
    xiangxi = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=province)
    Area.objects.create(name="吉首市", kind=Area.Kind.COUNTY, parent=xiangxi)
    return province


@pytest.fixture
def imported(areas):
    """Import the ledgers before `kind` (in the order they depend on each other)."""

    def before(kind):
        for earlier in ORDER[: ORDER.index(kind)]:
            report = run_import(earlier, LEDGERS[earlier])
            assert report.ok, report.errors

    return before


@pytest.fixture
def staff_client(areas, django_user_model):
    """Liaison staff of the whole province."""
    return login(django_user_model, "staff", Role.STAFF)


@pytest.fixture
def staff_a_client(areas, django_user_model):
    """Liaison staff of 娄底市 only."""
    return login(django_user_model, "staff-a", Role.STAFF, [Area.objects.get(name="娄底市")])
