"""Security headers on every page, production-only HTTPS settings, and no reader cookies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.editorial import roles
from tests.helpers import add_byline, make_article, make_user

ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def reader_urls(db):
    article = make_article()
    person = add_byline(article).person
    return ["/", article.get_absolute_url(), person.get_absolute_url()]


def test_reader_pages_send_a_strict_policy(client, reader_urls):
    """No inline script or style, no plugins, no framing, no foreign base or form targets."""
    for url in reader_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert not any("unsafe" in value for values in csp.values() for value in values)


def test_admin_works_under_the_same_strict_policy(client, db):
    """Django's admin and the markdownx widget need no inline script or style: the admin is
    served the same policy (checked in Chromium: no violations on its pages)."""
    client.force_login(make_user(superuser=True, password=None))
    for url in ("/admin/", "/admin/articles/article/add/", "/admin/login/"):
        response = client.get(url)
        assert response.status_code in (200, 302)
        assert directives(response)["script-src"] == ["'self'"]


def test_every_response_carries_the_protective_headers(client, reader_urls):
    """nosniff, a referrer policy, no framing and a Permissions-Policy, on pages and 404s."""
    for url in [*reader_urls, "/no-such-page/", "/admin/login/"]:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
        assert 'fullscreen=(self "https://www.youtube-nocookie.com"' in policy


def test_reader_pages_set_no_cookies(client, reader_urls):
    """An anonymous reader gets no cookie: no session, no CSRF token, nothing to track."""
    for url in reader_urls:
        response = client.get(url)
        assert response.cookies == {}, url
        assert "Set-Cookie" not in response, url


def test_signed_in_staff_reading_the_site_get_no_new_cookie(client, reader_urls):
    """Reader pages do not touch the session of an editor who reads them."""
    client.force_login(make_user(groups=[roles.EDITOR], password=None))
    for url in reader_urls:
        assert client.get(url).cookies == {}, url


def production_env(**extra):
    """A clean environment, as a server gets it: nothing from the test run leaks in."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "a-production-like-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "news.example.com",
        "STATIC_MANIFEST": "1",
    }
    env.update(extra)
    return env


def test_deploy_checks_pass_with_production_settings():
    """`manage.py check --deploy` reports nothing, warnings included, in production."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_hsts_and_secure_cookies():
    """With DEBUG off and no SECURE_HTTPS override, HTTPS is enforced and cookies are Secure."""
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.AXES_ENABLED]))"
    )
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="newsroom.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[true, 31536000, true, true, true, true, true]"
