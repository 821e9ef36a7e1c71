"""load_demo on an empty database: refused with DEBUG off unless forced, as in production.

(What the loaded demo holds is in test_demo.py, which loads it once for all its tests.)
"""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from representatives.models import Representative

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())

    assert not Representative.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_load_demo_runs_with_debug_on(settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=StringIO())

    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


def test_the_demo_starts_without_history_and_a_change_after_it_is_recorded(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    assert not LogEntry.objects.exists()

    rep = Representative.objects.order_by("pk").first()
    rep.name = "改名"
    rep.save()

    assert LogEntry.objects.get().changes_dict["name"][1] == "改名"
