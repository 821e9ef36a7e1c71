"""Project-wide checks: migrations, lint, settings that must fail loudly, the admin."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_ruff_finds_nothing():
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout
    style = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert style.returncode == 0, style.stdout


def test_production_without_a_secret_key_refuses_to_start():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


OUR_APPS = ["representatives", "activities", "bulletins", "accounts", "ledgers"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [model for model in apps.get_models() if model._meta.app_label in OUR_APPS],
    ids=lambda model: model.__name__,
)
def test_every_model_has_an_admin_that_opens(admin_client, model):
    assert admin.site.is_registered(model)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    may_add = admin.site.get_model_admin(model).has_add_permission(
        admin_client.get(changelist).wsgi_request
    )
    assert admin_client.get(add).status_code == (200 if may_add else 403)
