import io

import pytest
from django.core.management import call_command

from articles.models import Article

CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IE11_UA = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
IE11_COMPAT_UA = (
    "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; "
    ".NET4.0C; .NET4.0E; .NET CLR 2.0.50727)"
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed_article(db):
    call_command("load_seed", stdout=io.StringIO())
    return Article.objects.get(slug="nato-no-sign-of-russian-troop-withdrawal-from-ukraine-border")


@pytest.fixture
def chrome(client):
    client.defaults["HTTP_USER_AGENT"] = CHROME_UA
    return client


@pytest.fixture
def ie11(client):
    client.defaults["HTTP_USER_AGENT"] = IE11_UA
    return client


@pytest.fixture(autouse=True)
def _axes_off(settings):
    """Sign-in lock-out is tested on its own (test_accounts.py); elsewhere the test
    client's login() must work, and it calls authenticate() without a request."""
    settings.AXES_ENABLED = False
