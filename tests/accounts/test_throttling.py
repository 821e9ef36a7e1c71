"""Login throttling (django-axes): an account and an address are locked after repeated
failures, the locked-out user is told in Chinese when to retry, admins release locks."""

import datetime
import json
import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from lianluo.logs import JsonFormatter

pytestmark = pytest.mark.django_db

PASSWORD = "right-horse-battery-7"


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", password=PASSWORD)


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("colleague", password=PASSWORD)


def log_in(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/login/", {"username": username, "password": password})
    response.logged_in = "_auth_user_id" in client.session
    return response


def fail(times, username, address):
    for _ in range(times):
        assert not log_in(username, "wrong", address).logged_in


def test_after_five_wrong_passwords_the_right_one_is_refused(clerk):
    fail(5, "clerk", "10.0.0.1")

    response = log_in("clerk", PASSWORD, "10.0.0.1")

    assert response.status_code == 429
    assert not response.logged_in


def test_four_wrong_passwords_do_not_lock(clerk):
    fail(4, "clerk", "10.0.0.1")

    assert log_in("clerk", PASSWORD, "10.0.0.1").logged_in


def test_the_locked_out_user_is_told_in_chinese_when_to_retry(clerk):
    fail(5, "clerk", "10.0.0.1")

    response = log_in("clerk", PASSWORD, "10.0.0.1")

    page = response.content.decode()
    retry_at = timezone.localtime() + datetime.timedelta(minutes=15)
    assert "登录已锁定" in page
    assert "15 分钟" in page
    assert retry_at.strftime("%H:%M") in page or (
        (retry_at - datetime.timedelta(minutes=1)).strftime("%H:%M") in page
    )


def test_a_locked_account_is_refused_from_another_address(clerk):
    fail(5, "clerk", "10.0.0.1")

    assert log_in("clerk", PASSWORD, "10.0.0.2").status_code == 429


def test_another_account_from_another_address_still_logs_in(clerk, colleague):
    fail(5, "clerk", "10.0.0.1")

    assert log_in("colleague", PASSWORD, "10.0.0.2").logged_in


def test_an_address_is_locked_after_its_own_limit_across_accounts(settings, colleague):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    for name in ["guess1", "guess2", "guess3", "guess4"]:
        fail(2, name, "10.0.0.9")

    assert log_in("colleague", PASSWORD, "10.0.0.9").status_code == 429
    assert log_in("colleague", PASSWORD, "10.0.0.2").logged_in


def test_after_the_cool_off_the_right_password_works(clerk):
    fail(5, "clerk", "10.0.0.1")

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert log_in("clerk", PASSWORD, "10.0.0.1").logged_in


def test_an_admin_releases_a_lockout(clerk, admin_role_client):
    fail(5, "clerk", "10.0.0.1")

    response = admin_role_client.post(
        "/admin/axes/accessattempt/",
        {"action": "release", "_selected_action": [AccessAttempt.objects.get().pk]},
    )

    assert response.status_code == 302
    assert log_in("clerk", PASSWORD, "10.0.0.1").logged_in


def test_the_admin_role_sees_the_lockouts(clerk, admin_role_client):
    fail(5, "clerk", "10.0.0.1")

    page = admin_role_client.get("/admin/axes/accessattempt/").content.decode()

    assert "clerk" in page
    assert "10.0.0.1" in page


def test_a_lockout_is_logged_as_a_security_event(clerk, caplog):
    with caplog.at_level(logging.INFO, logger="lianluo.security"):
        fail(5, "clerk", "10.0.0.1")

    [record] = [r for r in caplog.records if getattr(r, "event", None) == "login_locked_out"]
    line = json.loads(JsonFormatter().format(record))
    assert line["details"]["username"] == "clerk"
    assert line["address"] == "10.0.0.1"
    assert line["request_id"]


def test_behind_a_trusted_proxy_the_address_is_the_one_it_passes(settings, clerk, colleague):
    settings.TRUST_PROXY_HEADERS = True
    proxy = "10.0.0.254"
    for _ in range(5):
        Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="10.0.0.1").post(
            "/login/", {"username": "clerk", "password": "wrong"}
        )

    assert AccessAttempt.objects.get().ip_address == "10.0.0.1"
