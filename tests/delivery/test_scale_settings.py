"""Running at scale from the environment: media in S3, Varnish purges, JSON logs."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "news.example.com"}


def run(code, **env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603 (a fixed command line built by the tests)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def show(expression, **env):
    result = run(f"import newsroom.settings as s; print({expression})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_media_stays_on_local_disk_by_default():
    assert show("s.STORAGES['default']['BACKEND']") == (
        "django.core.files.storage.FileSystemStorage"
    )


def test_media_storage_s3_uses_django_storages_with_the_usual_names():
    env = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "news-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.com",
    }
    assert show("s.STORAGES['default']['BACKEND']", **env) == "storages.backends.s3.S3Storage"
    assert show("s.AWS_STORAGE_BUCKET_NAME, s.AWS_S3_ENDPOINT_URL", **env) == (
        "news-media https://s3.example.com"
    )
    assert show("s.AWS_QUERYSTRING_AUTH", **env) == "False"


def test_media_storage_s3_without_a_bucket_names_the_variable():
    result = run("import newsroom.settings", MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "Set the AWS_STORAGE_BUCKET_NAME environment variable" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = run("import newsroom.settings", MEDIA_STORAGE="ftp")
    assert "MEDIA_STORAGE is local (the default) or s3" in result.stderr


def test_varnish_purge_urls_list_every_varnish():
    env = {"VARNISH_PURGE_URLS": "http://10.0.0.5:6081, http://10.0.0.6:6081"}
    assert show("s.NEWSROOM_VARNISH_PURGE_URLS", **env) == (
        "['http://10.0.0.5:6081', 'http://10.0.0.6:6081']"
    )
    assert show("s.NEWSROOM_VARNISH_PURGE_URLS") == "[]"


def test_log_format_json_writes_one_json_object_per_line():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('articles.delivery.varnish').warning('Purge of %s failed', 'site')"
    )
    result = run(code, LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Purge of site failed"
    assert line["level"] == "WARNING" and line["logger"] == "articles.delivery.varnish"
    assert "time" in line
    plain = run(code)
    assert plain.stderr.strip() == "Purge of site failed"
