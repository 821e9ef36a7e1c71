"""The apps depend on each other in one direction, so each reads (and moves) on its own:
the roster knows nothing of the work, the work nothing of what is built on it."""

import ast
from itertools import combinations
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The first-party apps each app may import. Any may import the project package's shared
# modules (lianluo.logs, lianluo.spreadsheets …), which import no app themselves.
ALLOWED = {
    "representatives": set(),
    "accounts": {"representatives"},
    "activities": {"representatives", "accounts"},
    # The demo's command (load_demo) builds the campaign's suggestions and archives too.
    "bulletins": {"activities", "suggestions", "archives", "representatives", "accounts"},
    "suggestions": {"activities", "representatives", "accounts"},
    # A deputy's archive reads every record of their work, suggestions included.
    "archives": {"activities", "suggestions", "representatives", "accounts"},
    "ledgers": {"activities", "suggestions", "archives", "representatives", "accounts"},
    "backups": set(),
    "history": {"activities", "bulletins", "representatives", "accounts"},
    "review": {"activities", "ledgers", "representatives", "accounts"},
    "lianluo": set(),
}
# The project's wiring, which names the apps: no app imports it.
WIRING = {"lianluo.urls", "lianluo.settings", "lianluo.wsgi", "lianluo.asgi"}


def imported(source):
    """The modules `source` imports by absolute name (`from a import b` gives a and a.b)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def forbidden(app, source):
    """The imports of `source`, a module of `app`, that go against the direction."""
    return [
        name
        for name in imported(source)
        if ".".join(name.split(".")[:2]) in WIRING
        or name.split(".")[0] in ALLOWED.keys() - ALLOWED[app] - {app, "lianluo"}
    ]


def modules(app):
    """The app's modules, migrations left out (they name apps in strings, by design)."""
    for path in sorted((ROOT / app).rglob("*.py")):
        wiring = f"{app}.{path.stem}" in WIRING
        if "migrations" not in path.relative_to(ROOT).parts and not wiring:
            yield path


def test_every_app_of_the_project_has_its_place_in_the_direction():
    """A new app (review, suggestions …) must say what it may import before it lands."""
    ours = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }
    assert ours - ALLOWED.keys() == set()


@pytest.mark.parametrize("app", ALLOWED)
def test_each_app_imports_only_the_apps_below_it(app):
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules(app)
        for name in forbidden(app, path.read_text())
    ]
    assert found == []


def test_no_two_apps_import_each_other():
    uses = {
        app: {name.split(".")[0] for path in modules(app) for name in imported(path.read_text())}
        for app in ALLOWED
    }
    both_ways = [(a, b) for a, b in combinations(ALLOWED, 2) if b in uses[a] and a in uses[b]]
    assert both_ways == []


@pytest.mark.parametrize(
    "app, source, caught",
    [
        ("representatives", "from activities.models import Activity", "activities.models"),
        ("activities", "import ledgers.views", "ledgers.views"),
        ("activities", "from bulletins import drafting", "bulletins"),
        ("ledgers", "from lianluo import settings", "lianluo.settings"),
        ("lianluo", "from activities.models import Activity", "activities.models"),
    ],
)
def test_the_check_catches_an_import_against_the_direction(app, source, caught):
    assert caught in forbidden(app, source)


def test_the_check_lets_an_app_import_below_it_and_the_shared_modules():
    source = "from activities.models import Campaign\nfrom lianluo.spreadsheets import download"
    assert forbidden("bulletins", source) == []
