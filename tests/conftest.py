import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.helpers import CHROME_UA, IE11_UA


@pytest.fixture(autouse=True, scope="session")
def _reader_templates_report_their_context():
    """The test client keeps what a page's template was given (``response.context``) as it
    does for Django's templates: reader pages are Jinja2."""
    from django.template.backends import jinja2
    from django.test.signals import template_rendered

    render = jinja2.Template.render

    def reported(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return render(self, context, request)

    jinja2.Template.render = reported
    yield
    jinja2.Template.render = render


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Tests see each render; the page cache's own tests turn it on."""
    settings.NEWSROOM_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _reader_limit_lifted():
    """A connection keeps a reader request's time limit until something else lifts it; the
    test database's teardown runs on that connection."""
    yield
    from articles.reader import time_limits

    time_limits.lift()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Test users need no slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
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


@pytest.fixture
def assert_page_queries(django_assert_num_queries):
    """``check(client, url, queries)``: the page costs exactly ``queries`` SQL queries.

    Counted for a reader arriving after another: a first request makes what every page
    shares and keeps (the section navigation in the cache, picture renditions), then the
    second is measured. Returns the measured response.
    """

    def check(client, url, queries):
        client.get(url)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
        return response

    return check


@pytest.fixture
def assert_article_queries(assert_page_queries):
    """``check(client, url)``: an article page costs its fixed number of queries (the figure
    is in tests/delivery/test_query_budgets.py). Returns the response."""
    from tests.helpers import QUERIES

    def check(client, url):
        return assert_page_queries(client, url, QUERIES["article page"])

    return check


def _stored_image(name, image_format, size, alt_text):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    from articles.models import Image

    buffer = io.BytesIO()
    PillowImage.new("RGB", size, "navy").save(buffer, format=image_format)
    upload = SimpleUploadedFile(
        name, buffer.getvalue(), content_type=f"image/{image_format.lower()}"
    )
    return Image.objects.create(file=upload, alt_text=alt_text)


@pytest.fixture
def headshot(db):
    """A small real JPEG in the image library."""
    return _stored_image("portrait.jpg", "JPEG", (40, 30), "Alastair Jamieson in Brussels")


@pytest.fixture
def poster_image(db):
    """A small real PNG stored as an Image, for video posters."""
    return _stored_image("poster.png", "PNG", (32, 18), "NATO headquarters in Brussels")


@pytest.fixture
def client_as(client):
    """``client_as("Desk")``: the test client signed in as a new staff user in that role."""
    from tests.helpers import make_user

    def sign_in(*role_names):
        client.force_login(make_user(groups=role_names))
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _axes_off(settings):
    """Sign-in lock-out is tested on its own (test_accounts.py); elsewhere the test
    client's login() must work, and it calls authenticate() without a request."""
    settings.AXES_ENABLED = False
