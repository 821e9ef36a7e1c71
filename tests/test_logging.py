"""Server errors and refused requests are logged as one JSON object a line, with the
request id (passed by the proxy or made here, and sent back) and the user."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import include, path

from lianluo.logs import JsonFormatter, security_event

ROOT = Path(__file__).resolve().parent.parent


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("lianluo.urls")),
]


@pytest.fixture
def with_a_broken_page(settings):
    settings.ROOT_URLCONF = __name__


def logged_lines(caplog, logger):
    return [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == logger]


@pytest.mark.django_db
def test_a_server_error_is_logged_with_the_request_id_and_the_user(
    with_a_broken_page, staff_a_client, caplog
):
    staff_a_client.raise_request_exception = False

    response = staff_a_client.get("/broken/", HTTP_X_REQUEST_ID="req-42")

    assert response.status_code == 500
    [line] = logged_lines(caplog, "django.request")
    assert line["level"] == "ERROR"
    assert line["request_id"] == "req-42"
    assert line["user"] == "staff-a"
    assert line["status_code"] == 500
    assert "RuntimeError: a bug" in line["exception"]


@pytest.mark.django_db
def test_a_forbidden_page_is_logged_with_the_user(leader_client, caplog):
    response = leader_client.get("/activities/new/")

    assert response.status_code == 403
    [line] = logged_lines(caplog, "django.request")
    assert line["user"] == "leader"
    assert line["status_code"] == 403


def test_every_response_carries_a_request_id(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_the_proxys_request_id_is_kept(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"


def test_a_request_id_that_is_not_plain_is_replaced(client):
    response = client.get("/login/", HTTP_X_REQUEST_ID='x" injected\nline')

    assert response["X-Request-ID"] != 'x" injected\nline'
    assert len(response["X-Request-ID"]) == 32


def test_a_security_event_names_itself_and_its_details(rf, caplog):
    request = rf.post("/imports/new/")
    request.id = "req-7"

    with caplog.at_level(logging.INFO, logger="lianluo.security"):
        security_event("upload_refused", request, reason="too large", size=30_000_000)

    [line] = logged_lines(caplog, "lianluo.security")
    assert line["event"] == "upload_refused"
    assert line["details"] == {"reason": "too large", "size": 30_000_000}
    assert line["request_id"] == "req-7"
    assert line["user"] is None


@pytest.mark.heavy  # a new process, with production settings
def test_log_lines_go_to_stderr_as_json_with_debug_off():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "test-only-secret-key-for-logging"}
    script = (
        "import django; django.setup(); from lianluo.logs import security_event; "
        "security_event('upload_refused', reason='too large')"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.stdout == ""
    line = json.loads(result.stderr)
    assert line["logger"] == "lianluo.security"
    assert line["details"] == {"reason": "too large"}
