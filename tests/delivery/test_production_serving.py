"""Production serving: gunicorn's configuration, hashed static files, the benchmark ceiling."""

import io
import runpy
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.parser import RequestParser

from bench.ceiling import BODY

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_takes_workers_and_port_from_the_environment(monkeypatch):
    conf = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3", PORT="8123")
    assert conf["workers"] == 3
    assert conf["bind"] == "0.0.0.0:8123"
    assert conf["preload_app"] is True
    assert conf["control_socket_disable"] is True


def test_gunicorn_defaults_to_two_workers_per_core_plus_one(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 9


def scheme_gunicorn_gives(conf, *headers, peer="127.0.0.1"):
    """The ``wsgi.url_scheme`` gunicorn, configured by ``conf``, gives a request from
    ``peer`` over plain HTTP carrying ``headers``."""
    config = Config()
    for name in ("forwarded_allow_ips", "secure_scheme_headers"):
        if name in conf:
            config.set(name, conf[name])
    raw = b"GET / HTTP/1.1\r\nHost: news.example.com\r\n" + b"".join(
        header.encode() + b"\r\n" for header in headers
    )
    request = next(RequestParser(config, io.BytesIO(raw + b"\r\n"), (peer, 50000)))
    _, environ = wsgi.create(request, None, (peer, 50000), ("127.0.0.1", 8000), config)
    return environ["wsgi.url_scheme"]


@pytest.mark.parametrize("header", ["X-Forwarded-Ssl: on", "X-Forwarded-Protocol: ssl"])
def test_gunicorn_takes_the_scheme_from_x_forwarded_proto_only(monkeypatch, header):
    """Varnish keys pages on X-Forwarded-Proto; no other header a reader can send through
    the proxy turns a plain-HTTP request into an HTTPS one."""
    conf = gunicorn_settings(monkeypatch)
    assert scheme_gunicorn_gives(conf, header) == "http"
    assert scheme_gunicorn_gives(conf, "X-Forwarded-Proto: https") == "https"
    assert scheme_gunicorn_gives(conf, "X-Forwarded-Proto: https", peer="203.0.113.9") == "http"


@pytest.fixture
def collected_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return staticfiles_storage.stored_name("css/site.css")


@pytest.mark.django_db
def test_pages_link_hashed_static_files_served_for_a_year_and_more(client, collected_static):
    """A hashed name changes with the content, so browsers may keep it for good."""
    assert collected_static != "css/site.css"
    assert f"/static/{collected_static}" in client.get("/").content.decode()
    response = client.get(f"/static/{collected_static}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600


def test_benchmark_ceiling_is_not_routed_by_the_product(client, db):
    """The 15 KB ceiling page exists only in the benchmark's own URLconf."""
    assert client.get("/bench/trivial/").status_code == 404


@pytest.mark.urls("bench.urls")
def test_benchmark_ceiling_serves_fifteen_kilobytes_in_the_benchmark_urlconf(client, db):
    response = client.get("/bench/trivial/")
    assert response.status_code == 200
    assert len(response.content) == 15 * 1024 == len(BODY)
