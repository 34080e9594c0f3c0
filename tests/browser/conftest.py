"""
Browser tests: Debian's Chromium, driven by Playwright, against a live server the tests start.

Without /usr/bin/chromium they are skipped with the command that installs it; with
NEWSROOM_REQUIRE_BROWSER=1 (as in CI) a missing browser fails them instead.
"""

import io
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.editorial import roles
from articles.models import Article
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, missing_browser
from tests.browser.pages import PASSWORD
from tests.helpers import CHROME_UA, make_user

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SEED_SLUG = "nato-no-sign-of-russian-troop-withdrawal-from-ukraine-border"


@contextmanager
def _sync_orm_beside_playwright():
    """
    Playwright's sync API keeps an event loop running in the test's thread, and Django refuses
    ORM calls from a thread with a running loop. The tests' own code stays synchronous (the
    loop only waits on the browser), so allow them while the browser is up.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _serialized_test_data():
    """
    Django keeps a copy of the migrated test data (the newsroom's roles among it) on each
    connection object, for the tests that roll back by reloading it (serialized_rollback).
    """
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _hand_over(serialized):
    """Beside Playwright's loop the code may get fresh connection objects: give them the copy."""
    from django.db import connections

    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="package")
def browser():
    problem = missing_browser(CHROMIUM, os.environ)
    if problem:
        outcome, message = problem
        if outcome == "fail":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)  # the machine running the suite may be busy

    serialized = _serialized_test_data()
    with _sync_orm_beside_playwright(), sync_playwright() as playwright:
        _hand_over(serialized)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """People log in as they do, through the form; the test hashes need not be slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user_agent=..., **context_options): a page in a fresh browser context."""
    contexts = []

    def open_(user_agent=CHROME_UA, **options):
        context = browser.new_context(user_agent=user_agent, base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
    if contexts:
        # Closing pages say goodbye to the server (who is here, autosave): let those
        # requests end before the test's data is flushed under them.
        time.sleep(1)


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def staff_user():
    """staff_user(role): a staff account in one of the newsroom's roles."""

    def make(role):
        return make_user(f"{role.lower()}-user", groups=[role], password=PASSWORD)

    return make


@pytest.fixture
def editor(staff_user):
    return staff_user(roles.EDITOR)


@pytest.fixture
def seed(browser):
    """The reference article loaded by `load_seed`, published in 2014."""
    call_command("load_seed", stdout=io.StringIO())
    return Article.objects.get(slug=SEED_SLUG)


@pytest.fixture(scope="package")
def screenshots_dir():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="package")
def axe_dir():
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
