import pytest

from ledgers.reading import read_sheet
from ledgers.registry import IMPORTERS
from representatives.models import Area

from .files import LEDGERS, ORDER, as_file


@pytest.fixture
def areas(db):
    province = Area.objects.create(name="湖南省", kind=Area.Kind.PROVINCE)
    loudi = Area.objects.create(name="娄底市", kind=Area.Kind.CITY, parent=province)
    Area.objects.create(name="娄星区", kind=Area.Kind.COUNTY, parent=loudi)
    xiangxi = Area.objects.create(name="湘西州", kind=Area.Kind.CITY, parent=province)
    Area.objects.create(name="吉首市", kind=Area.Kind.COUNTY, parent=xiangxi)
    return province


def run_import(kind, rows, file_format="utf-8-sig", user=None, dry_run=False):
    """Import `rows` of `kind` as a file of `file_format`; the report."""
    importer = IMPORTERS[kind](user=user)
    name, data = as_file(rows, file_format)
    return importer.run(read_sheet(importer.layout, name, data), dry_run=dry_run)


@pytest.fixture
def imported(areas):
    """Import the ledgers before `kind` (in the order they depend on each other)."""

    def before(kind):
        for earlier in ORDER[: ORDER.index(kind)]:
            report = run_import(earlier, LEDGERS[earlier])
            assert report.ok, report.errors

    return before
