"""A session ends after a working day without a request, and when the browser closes."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lianluo.middleware import SESSION_RENEWAL_SECONDS

pytestmark = pytest.mark.django_db

WORKING_DAY = datetime.timedelta(hours=8)


@pytest.fixture
def logged_in(django_user_model):
    django_user_model.objects.create_user("clerk", password="right-horse-battery-7")
    client = Client()
    client.post("/login/", {"username": "clerk", "password": "right-horse-battery-7"})
    return client


def session_of(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_ends_after_a_working_day_without_a_request(logged_in):
    left = session_of(logged_in).expire_date - timezone.now()

    assert WORKING_DAY - datetime.timedelta(minutes=1) < left <= WORKING_DAY


def test_the_session_cookie_ends_with_the_browser(logged_in):
    cookie = logged_in.cookies["sessionid"]

    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_a_request_moves_the_end_of_a_session_renewed_a_while_ago(logged_in):
    session = logged_in.session
    session["renewed_at"] -= SESSION_RENEWAL_SECONDS
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )

    logged_in.get("/overview/")

    left = session_of(logged_in).expire_date - timezone.now()
    assert left > WORKING_DAY - datetime.timedelta(minutes=1)


def test_a_request_soon_after_the_last_renewal_writes_nothing(logged_in):
    with CaptureQueriesContext(connection) as queries:
        logged_in.get("/overview/")

    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
