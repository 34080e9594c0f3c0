"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(show="s.DEBUG, s.ALLOWED_HOSTS", **env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603 (a fixed command line built by the tests)
        [sys.executable, "-c", f"import newsroom.settings as s; print({show})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [({}, "SECRET_KEY"), ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS")],
)
def test_production_without_a_value_names_the_variable(env, missing):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {missing} environment variable" in result.stderr


def test_debug_is_off_unless_set():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="news.example.com")
    assert result.stdout.split()[0] == "False"


def test_local_development_needs_nothing():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


def test_page_cache_is_on_by_default_only_with_a_shared_cache():
    """Local memory is per process: without CACHE_URL the page cache stays off."""
    show = "s.NEWSROOM_PAGE_CACHE"
    assert load_settings(show, DEBUG="1").stdout.strip() == "False"
    shared = load_settings(show, DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/0")
    assert shared.stdout.strip() == "True"
