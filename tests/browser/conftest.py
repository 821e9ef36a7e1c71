"""A real browser (the system's Chromium, driven by Playwright) against the live app.

Without Chromium the browser tests are skipped with the reason, so the README's test
command still runs on a machine with only python3; CI installs Chromium and sets
LIANLUO_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
"""

import os
import shutil

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return next(
        (path for name in ["chromium", "chromium-browser"] if (path := shutil.which(name))), None
    )


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("LIANLUO_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (LIANLUO_REQUIRE_BROWSER) but not installed")
        pytest.skip("no Chromium on this machine: `apt-get install chromium` to run these")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def pick(page, box, typed, choice):
    """Clicks a picker's box, types `typed` as a person would and chooses the option that
    reads `choice`."""
    box.click()
    box.press_sequentially(typed, delay=50)
    page.locator(".ts-dropdown .option").filter(has_text=choice).first.click()
    box.press("Escape")
