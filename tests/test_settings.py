"""Settings fail closed: a server started from lianluo.wsgi/asgi is production unless told
otherwise, manage.py keeps the development defaults, and production passes
`check --deploy` with nothing to warn about."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.heavy  # each test starts Python anew with the settings it checks

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "lianluo.example",
}


# What the test run itself sets (the browser tests allow Django's sync calls inside
# Playwright's loop) is no server's environment.
NOT_A_SERVERS = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def environment(**variables):
    env = {k: v for k, v in os.environ.items() if k not in NOT_A_SERVERS}
    return {**env, **variables}


def run(args, **variables):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment(**variables), capture_output=True,
        text=True,
    )  # fmt: skip


def debug_under(module, **variables):
    script = f"import {module}; from django.conf import settings; print(settings.DEBUG)"
    return run(["-c", script], **variables)


@pytest.mark.parametrize("module", ["lianluo.wsgi", "lianluo.asgi"])
def test_a_server_without_debug_set_runs_with_debug_off(module):
    result = debug_under(module, SECRET_KEY="test-only-secret-key-for-serving")

    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("module", ["lianluo.wsgi", "lianluo.asgi"])
def test_a_server_without_a_secret_key_refuses_to_start(module):
    result = debug_under(module)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_server_runs_with_debug_on_only_when_asked():
    result = debug_under("lianluo.wsgi", DEBUG="1")

    assert result.stdout.strip() == "True", result.stderr


def test_manage_py_keeps_the_development_defaults():
    script = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"

    result = run(["manage.py", "shell", "-c", script])

    assert result.stdout.splitlines()[-1] == "True django-insecure-local-development-only"


def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stderr


def test_production_redirects_plain_http_and_sends_hsts():
    script = (
        "import lianluo.wsgi; from django.test import Client; "
        "r = Client().get('/login/', secure=True); "
        "print(Client().get('/login/').status_code, r['Strict-Transport-Security'])"
    )

    result = run(["-c", script], **{**PRODUCTION, "ALLOWED_HOSTS": "testserver"})

    assert result.stdout.strip() == "301 max-age=31536000; includeSubDomains", result.stderr
