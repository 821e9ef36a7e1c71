"""The sample files the README links import cleanly, in order, next to the demo."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from activities.models import Attendance, Problem

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ORDER = ["areas", "roster", "campaigns", "activities", "problems", "outputs", "contacts", "media",
         "suggestions"]  # fmt: skip


@pytest.mark.django_db
def test_samples_import_in_order_and_a_second_time_change_nothing():
    call_command("load_demo", "--force", stdout=io.StringIO())

    for kind in ORDER:
        (sample,) = SAMPLES.glob(f"{kind}.*")
        call_command("import_records", kind, str(sample), stdout=io.StringIO())
    again = []
    for kind in ORDER:
        (sample,) = SAMPLES.glob(f"{kind}.*")
        out = io.StringIO()
        call_command("import_records", kind, str(sample), stdout=out)
        again.append(out.getvalue())

    assert all("新建" not in report and "更新" not in report for report in again), again
    guest = Attendance.objects.get(activity__ref="2024HD-001", representative__code="HN14000002")
    assert guest.status == Attendance.Status.GUEST
    assert Problem.objects.get(ref="2024WT-003").status == Problem.Status.UNRESOLVABLE
