"""
Several app servers behind one site: two gunicorn processes on two ports share one
PostgreSQL database and one Redis. An edit saved through one server's admin is what the
other serves at the very next request, and one sign-in works on both.

Runs only against PostgreSQL and Redis (CI's third step); SQLite runs skip it.
"""

import pytest
from django.conf import global_settings, settings

from tests.helpers import add_byline, make_article, make_section, make_user
from tests.servers import AppServer, Browser, page, shared_environment

PASSWORD = "pw-Newsroom-123"

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _passwords_the_servers_verify(_fast_passwords, settings):
    """The servers run the production settings: a test user's password must be hashed with
    a hasher they accept, not the suite's fast one."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def app_servers():
    env = shared_environment(settings.SECRET_KEY)
    servers = [AppServer(env), AppServer(env)]
    try:
        for server in servers:
            server.wait_until_serving()
        yield servers
    finally:
        for server in servers:
            server.stop()


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
