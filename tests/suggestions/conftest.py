import datetime

import pytest

from activities.models import Department, Topic
from suggestions.models import Suggestion

D = datetime.date


class Units:
    pass


@pytest.fixture
def units(db):
    u = Units()
    u.transport = Department.objects.create(name="省交通运输厅")
    u.water = Department.objects.create(name="省水利厅")
    u.farming = Department.objects.create(name="省农业农村厅")
    return u


FIRST_OF_2025 = D(2025, 1, 20)


def put(lead, seconders=(), *, number, submitted_on=FIRST_OF_2025, by=None, **fields):
    """A new suggestion of 2025, provincial, put by `lead` and `seconders`."""
    fields.setdefault("topic", Topic.objects.get_or_create(name="交通")[0])
    suggestion = Suggestion(
        number=number,
        year=2025,
        title=f"关于第{number}件事的建议",
        submitted_on=submitted_on,
        **fields,
    )
    suggestion.save_with_deputies(lead, seconders, by=by)
    return suggestion
