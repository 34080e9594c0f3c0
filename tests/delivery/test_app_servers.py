"""
Several app servers behind one site: two gunicorn processes on two ports share one
PostgreSQL database and one Redis. An edit saved through one server's admin is what the
other serves at the very next request, and one sign-in works on both.

Runs only against PostgreSQL and Redis (CI's third step); SQLite runs skip it.
"""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.db import connection

from tests.helpers import add_byline, make_article, make_section, make_user

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-Newsroom-123"

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _passwords_the_servers_verify(_fast_passwords, settings):
    """The servers run the production settings: a test user's password must be hashed with
    a hasher they accept, not the suite's fast one."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def database_url():
    """The URL of the test database this process uses, for the servers to share."""
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "newsroom.wsgi",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def wait_until_serving(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.process.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn on port {self.port} did not answer")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def app_servers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    cache_url = os.environ.get("CACHE_URL", "")
    if not cache_url.startswith("redis"):
        pytest.skip("needs Redis (CACHE_URL=redis://...)")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": database_url(),
        "CACHE_URL": cache_url,
        "PAGE_CACHE": "1",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    servers = [AppServer(env), AppServer(env)]
    try:
        for server in servers:
            server.wait_until_serving()
        yield servers
    finally:
        for server in servers:
            server.stop()


class Browser:
    """Cookies and form posts over plain HTTP, as a browser would send them."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def post(self, url, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(url, data=data, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def submit(self, url, form_id, changes=None, extra=()):
        """Post the form as the page filled it in, with ``changes`` typed over it."""
        _, html = self.get(url)
        fields = FormFields.of(html, form_id)
        fields = [(name, (changes or {}).get(name, value)) for name, value in fields]
        return self.post(url, [*fields, *extra])


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit for one form on a page."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    @classmethod
    def of(cls, html, form_id):
        parser = cls(form_id)
        parser.feed(html)
        parser.close()
        assert parser.fields, f"no form #{form_id} on the page"
        return parser.fields

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((attrs["name"], attrs.get("value", "on")))
                return
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = {"name": attrs["name"], "chosen": None, "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            value = self._select["chosen"]
            value = self._select["first"] if value is None else value
            if value is not None:
                self.fields.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A newline right after <textarea> is not part of the value.
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def page(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our test server)
        return response.read().decode()


def test_an_edit_saved_through_one_server_is_served_by_the_other(app_servers):
    """Server A's admin saves a new headline; server B's next response carries it."""
    first, second = app_servers
    make_user("desk", superuser=True, password=PASSWORD)
    article = make_article(headline="Talks open in Brussels", section=make_section())
    add_byline(article)
    path = article.get_absolute_url()
    assert "Talks open in Brussels" in page(second.base + path)
    assert "Talks open in Brussels" in page(second.base + path)

    editor = Browser()
    editor.submit(
        first.base + "/admin/login/?next=/admin/",
        "login-form",
        changes={"username": "desk", "password": PASSWORD},
    )
    change_url = f"{first.base}/admin/articles/article/{article.pk}/change/"
    landed, _ = editor.submit(
        change_url,
        "article_form",
        changes={"headline": "Talks collapse in Brussels"},
        extra=[("_save", "Save")],
    )
    assert landed.endswith("/admin/articles/article/"), "the admin refused the edit"

    html = page(second.base + path)
    assert "Talks collapse in Brussels" in html
    assert "Talks open in Brussels" not in html


def test_a_sign_in_on_one_server_holds_on_the_other(app_servers):
    """Sessions live in the shared database: no second sign-in behind a load balancer."""
    first, second = app_servers
    make_user("desk", superuser=True, password=PASSWORD)
    editor = Browser()
    landed, _ = editor.submit(
        first.base + "/admin/login/?next=/admin/",
        "login-form",
        changes={"username": "desk", "password": PASSWORD},
    )
    assert landed == first.base + "/admin/"
    landed, html = editor.get(second.base + "/admin/articles/article/")
    assert landed == second.base + "/admin/articles/article/"
    assert "Select article to change" in html
