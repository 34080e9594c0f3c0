"""A save refused for its CSRF token or an ended session keeps what the editor typed."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from articles.models import Article
from tests.helpers import add_byline, admin_url, form_data, make_article, make_user

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
PASSWORD = "pw-Newsroom-123"


@pytest.fixture
def editor():
    return make_user("alma", groups=["Editor"], password=PASSWORD)


@pytest.fixture
def story():
    article = make_article(status=Article.Status.DRAFT, headline="Old headline", body="Old.")
    add_byline(article)
    return article


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response)


def strict_client(user):
    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN=ORIGIN)
    client.force_login(user)
    return client


def rotate_csrf(client):
    """As signing in again in another tab does: the browser's CSRF secret changes."""
    client.cookies["csrftoken"] = "a" * 32


def test_csrf_rotation_keeps_the_text_and_it_can_be_sent_again(editor, story):
    """Signed out and in again elsewhere: the save is refused, the text is shown back."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "An hour of work"
    data["body"] = "Line one.\nLine <two> & three."
    data["_continue"] = "Save and continue editing"
    rotate_csrf(client)

    refused = client.post(url, data)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Nothing was saved" in page
    assert "An hour of work" in page
    assert "Line &lt;two&gt; &amp; three." in page  # escaped, in a read-only text box
    assert "<script" not in page.split("</head>")[1]
    story.refresh_from_db()
    assert story.headline == "Old headline"

    again = form_data(refused)
    again.pop("discard", None)
    sent = client.post(url, again)
    assert sent.status_code == 302
    story.refresh_from_db()
    assert story.headline == "An hour of work"
    assert story.body == "Line one.\nLine <two> & three."
    # Saved: nothing is kept any longer.
    assert "There is no unsaved form kept" in client.get("/admin/kept/").content.decode()


def test_expired_session_keeps_the_text_until_signed_in_again(editor, story):
    """The session ended with the form open: sign in, then send the text again."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Typed while the session ended"
    Session.objects.all().delete()

    answer = client.post(url, data)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/admin/login/")
    assert "next=%2Fadmin%2Fkept%2F" in answer["Location"]

    # Anyone else's browser has nothing kept.
    other = Client()
    other.force_login(make_user("bea", groups=["Editor"]))
    assert "Typed while" not in other.get("/admin/kept/").content.decode()

    login_page = form_data(client.get(answer["Location"]))
    login_page.update(username="alma", password=PASSWORD)
    signed_in = client.post(answer["Location"], login_page)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/kept/"
    kept = client.get("/admin/kept/")
    assert "Typed while the session ended" in kept.content.decode()
    assert client.post(url, form_data(kept)).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Typed while the session ended"


def test_expired_session_and_new_token_keeps_the_text(editor, story):
    """Both at once: the CSRF page asks for a sign-in and keeps the text for after it."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Both failures"
    Session.objects.all().delete()
    rotate_csrf(client)
    refused = client.post(url, data)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Sign in again" in page
    assert "Both failures" not in page  # nobody is signed in to be shown it
    client.force_login(editor)
    assert "Both failures" in client.get("/admin/kept/").content.decode()


def test_forged_cross_site_post_is_never_shown_back(editor, story):
    """A post from another site fails the check and its fields are neither kept nor shown."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Forged headline"
    refused = client.post(url, data, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    assert "Forged headline" not in refused.content.decode()
    assert "Forged headline" not in client.get("/admin/kept/").content.decode()


def test_forged_post_without_origin_is_not_kept(editor, story):
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "No origin"
    refused = client.post(url, data, HTTP_ORIGIN="")
    assert "No origin" not in refused.content.decode()


def test_passwords_are_never_kept(editor):
    """A refused password form keeps nothing secret."""
    client = strict_client(editor)
    rotate_csrf(client)
    url = f"/admin/auth/user/{editor.pk}/password/"
    client.post(url, {"password1": "hunter2-secret", "password2": "hunter2-secret"})
    assert "hunter2" not in client.get("/admin/kept/").content.decode()
    client.post("/admin/auth/user/add/", {"username": "x", "password1": "hunter3-secret"})
    page = client.get("/admin/kept/").content.decode()
    assert "hunter3" not in page


def test_kept_text_is_shown_only_to_its_author(editor, story):
    """Another user signing in on a session holding someone's kept text does not see it."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Alma's secret draft"
    rotate_csrf(client)
    client.post(url, data)
    session = client.session
    kept = session["newsroom_kept_submission"]
    assert kept["user"] == editor.pk
    intruder = make_user("bea", groups=["Editor"])
    other = Client()
    other.force_login(intruder)
    other_session = other.session
    other_session["newsroom_kept_submission"] = kept
    other_session.save()
    assert "Alma&#x27;s secret draft" not in other.get("/admin/kept/").content.decode()


def test_csrf_failure_on_a_reader_page_is_a_plain_explanation(client):
    """A reader's post without a token is refused with a sentence saying why; nothing is
    kept, and no form asks to be sent again."""
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/search/", {"q": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Nothing was sent: this request did not come from a page of this site" in page
    assert "kept-fields" not in page
    assert "newsroom_kept_submission" not in strict.session
