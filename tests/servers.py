"""
Real servers for the tests that start them: gunicorn app servers on free ports sharing
the test database, and a browser that signs in and posts forms over plain HTTP.
"""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url():
    """The URL of the test database this process uses, for the servers to share."""
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def shared_environment(secret_key, **extra):
    """The production settings for app servers sharing this test's PostgreSQL and Redis;
    skips the test on SQLite or without Redis."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    cache_url = os.environ.get("CACHE_URL", "")
    if not cache_url.startswith("redis"):
        pytest.skip("needs Redis (CACHE_URL=redis://...)")
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": database_url(),
        "CACHE_URL": cache_url,
        "PAGE_CACHE": "1",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_LOG_LEVEL": "warning",
        **extra,
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
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
            # A file, not a pipe: a server logging many errors must never block on it.
            stderr=self.log,
        )

    def errors(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def wait_until_serving(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.errors()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5):  # noqa: S310
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
        self.log.close()


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
