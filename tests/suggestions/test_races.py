"""Two steps taken at once on one suggestion are taken one after the other: the second
sees where the first left it (the row is locked), so a suggestion is never answered twice
by two people pressing at the same moment."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from activities.models import Department
from representatives.models import Representative
from suggestions.models import Status, Step, Suggestion

D = datetime.date


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole file")
def test_two_replies_at_once_give_one_reply(transactional_db):
    unit = Department.objects.create(name="省水利厅")
    suggestion = Suggestion(number=1, year=2025, title="建议", submitted_on=D(2025, 1, 2))
    suggestion.save_with_deputies(Representative.objects.create(code="R1", name="甲"))
    suggestion.assign(unit, on=D(2025, 1, 6))
    start, outcomes = threading.Barrier(2), []

    def reply(text):
        mine = Suggestion.objects.get(pk=suggestion.pk)
        start.wait()
        try:
            mine.reply("A", text, on=D(2025, 2, 1))
            outcomes.append("replied")
        except ValidationError as refusal:
            outcomes.append(next(iter(refusal.message_dict)))
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(text,)) for text in ("甲的答复", "乙的答复")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["replied", "status"]
    assert Step.objects.filter(kind="reply").count() == 1
    assert Suggestion.objects.get().status == Status.ANSWERED
