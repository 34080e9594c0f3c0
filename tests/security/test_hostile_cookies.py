"""A session cookie that cannot be a session key is no session, never a server error.

A quoted cookie may carry escapes (``"abc\\000def"`` is read with a NUL in it), and
PostgreSQL refuses a NUL in a query: looked up as a key, it failed every page.
"""

import pytest
from django.conf import settings
from django.utils.module_loading import import_module

from tests.helpers import CHROME_UA, make_article, make_user

pytestmark = pytest.mark.django_db

NOT_KEYS = [
    '"abcdefgh\\000ijklmnop"',
    '"abcdefghijklmnop\\377"',
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
    "abcdefgh-ijklmnop_qrstuvwx",
    "abcdefghijklmnop%00",
]


def session_store(key):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


@pytest.mark.parametrize("key", ["abcdefgh\x00ijklmnop", "abcdefgh\udcffijklmnop", "ABCDEFGHIJ"])
def test_a_key_django_never_makes_is_not_looked_up(key, django_assert_max_num_queries):
    store = session_store(key)
    assert store.session_key is None
    with django_assert_max_num_queries(1) as queries:
        assert store.load() == {}
    assert all(key not in query["sql"] for query in queries.captured_queries)


def test_a_real_session_still_reads(client):
    user = make_user()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert session_store(key).load()["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("cookie", NOT_KEYS)
@pytest.mark.parametrize("path", ["/", "/search/?q=nato", "/admin/", "/admin/login/"])
def test_pages_answer_a_session_cookie_that_is_no_key(client, cookie, path):
    make_article()
    response = client.get(
        path, HTTP_USER_AGENT=CHROME_UA, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={cookie}"
    )
    assert response.status_code in (200, 302)
