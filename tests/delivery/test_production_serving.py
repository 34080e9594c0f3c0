"""Production serving: gunicorn's configuration, hashed static files, the benchmark ceiling."""

import runpy
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

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
