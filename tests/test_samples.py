"""The sample files the README links import cleanly, in order, next to the demo."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from activities.models import Attendance, Problem
from archives.models import Duty
from representatives.models import PostHeld

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ORDER = ["areas", "roster", "posts", "campaigns", "activities", "problems", "outputs", "contacts",
         "media", "suggestions", "duties"]  # fmt: skip


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
    posts = PostHeld.objects.filter(representative__code="HN14000004").order_by("pk")
    assert [(post.title, post.ended_on) for post in posts] == [
        ("市长（示例）", datetime.date(2023, 6, 30)),
        ("副省长（示例）", None),
    ]
    assert set(
        Duty.objects.get(ref="2024LZ-001").representatives.values_list("code", flat=True)
    ) == {"HN14000001", "HN14000002", "HN14000004"}
