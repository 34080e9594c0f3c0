"""A save refused for its CSRF token or an ended session keeps what the editor typed."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from articles.editorial import kept_submissions
from articles.models import Article, KeptSubmission
from tests.helpers import (
    add_attribution,
    add_byline,
    admin_url,
    form_data,
    make_article,
    make_organization,
    make_person,
    make_section,
    make_user,
)

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


def sign_in_form(client, username, next_url="/admin/kept/"):
    """Sign in through the admin's own sign-in page, as a person at the browser does."""
    url = f"/admin/login/?next={next_url}"
    data = form_data(client.get(url))
    data.update(username=username, password=PASSWORD)
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.content.decode()[:500]
    return answer


def test_kept_text_goes_only_to_its_author(editor, story):
    """Alma's session ends with her text kept; Bea signs in on that browser and is not
    shown it, nor offered it; Alma signs in there afterwards and is."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Alma's unsaved draft"
    Session.objects.all().delete()
    assert client.post(url, data).status_code == 302  # kept, then the sign-in page

    make_user("bea", groups=["Editor"], password=PASSWORD)
    sign_in_form(client, "bea")
    page = client.get("/admin/kept/").content.decode()
    assert "unsaved draft" not in page
    assert "There is no unsaved form kept for you." in page
    client.post("/admin/logout/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    sign_in_form(client, "alma")
    assert "Alma&#x27;s unsaved draft" in client.get("/admin/kept/").content.decode()


def test_a_form_refused_while_someone_else_is_signed_in_is_kept_for_its_author(editor, story):
    """In another tab Alma signs out and Bea signs in; Alma's open form is refused, kept
    for Alma, and Bea's answer says so without showing it."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Only for Alma"
    make_user("bea", groups=["Editor"], password=PASSWORD)
    client.post("/admin/logout/", {"csrfmiddlewaretoken": data["csrfmiddlewaretoken"]})
    sign_in_form(client, "bea", next_url="/admin/")  # a new CSRF secret, Bea's
    client.get("/admin/")

    refused = client.post(url, data)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Only for Alma" not in page
    assert "kept for the account that opened the form" in page
    assert "Only for Alma" not in client.get("/admin/kept/").content.decode()

    client.post("/admin/logout/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    sign_in_form(client, "alma")
    assert "Only for Alma" in client.get("/admin/kept/").content.decode()
    story.refresh_from_db()
    assert story.headline == "Old headline"


def test_a_form_nobody_can_be_named_author_of_is_not_kept(editor, story):
    """Without this browser's record of its sign-ins the form has no known author:
    the answer explains, and nothing is offered to whoever signs in."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Nobody's text"
    Session.objects.all().delete()
    del client.cookies[kept_submissions.SIGN_INS_COOKIE]

    answer = client.post(url, data)
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "your session ended" in page
    assert "was not kept" in page
    assert "Nobody&#x27;s text" not in page
    sign_in_form(client, "alma")
    assert "Nobody" not in client.get("/admin/kept/").content.decode()
    assert not KeptSubmission.objects.exists()


def test_a_forged_sign_ins_cookie_names_nobody(editor, story):
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    Session.objects.all().delete()
    client.cookies[kept_submissions.SIGN_INS_COOKIE] = '[[1, "00"]]'
    assert client.post(url, data).status_code == 403
    assert not KeptSubmission.objects.exists()


def test_script_requests_never_replace_the_kept_form(editor, story):
    """Autosave and presence reports of other open tabs, refused after the session ended,
    are not forms: the text kept from the real form stays."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "The real text"
    token = data["csrfmiddlewaretoken"]
    Session.objects.all().delete()
    client.post(url, data)
    client.post(admin_url("presence", story.pk), {"leaving": "1"}, HTTP_X_CSRFTOKEN=token)
    client.post(
        admin_url("autosave", story.pk),
        data="[]",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    kept = KeptSubmission.objects.get(user=editor)
    assert ["The real text"] in [values for _name, values in kept.fields]


def test_csrf_failure_on_a_reader_page_is_a_plain_explanation(client):
    """A reader's post without a token is refused with a sentence saying why; nothing is
    kept, and no form asks to be sent again."""
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/search/", {"q": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Nothing was sent: this request did not come from a page of this site" in page
    assert "kept-fields" not in page
    assert not KeptSubmission.objects.exists()


def visible_boxes(page):
    """The read-only boxes of the kept page, label first: what the editor reads."""
    labels = dict(re.findall(r'<label for="(kept-\d+)">([^<]*)</label>', page))
    boxes = re.findall(r'<textarea id="(kept-\d+)"[^>]*readonly>\n?([^<]*)</textarea>', page)
    return {labels[box]: text for box, text in boxes}


def test_kept_page_shows_labels_and_names_not_ids(editor):
    """Bylines, attributions, the section and the status read as the form showed them;
    the ids are still sent again, so the save goes through with the same choices."""
    section = make_section(name="World news")
    story = make_article(status=Article.Status.DRAFT, section=section, headline="Old headline")
    add_byline(story, make_person(name="Alastair Jamieson"))
    add_attribution(story, make_organization(name="Reuters"))
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Labelled"
    rotate_csrf(client)
    page = client.post(url, data).content.decode()

    shown = visible_boxes(page)
    assert shown["Headline"] == "Labelled"
    assert shown["Section"] == "World news"
    assert shown["Status"] == "Draft"
    assert shown["Bylines, row 1: Person"] == "Alastair Jamieson"
    assert shown["Bylines, row 1: Role"] == "By"
    assert shown["Attributions, row 1: Organization"] == "Reuters"
    assert not any(label.endswith((": id", ": article")) for label in shown)
    assert str(story.section_id) not in shown.values()

    again = form_data(client.post(url, data))
    again.pop("discard", None)
    assert again["section"] == str(section.pk)
    assert again["bylines-0-person"] == str(story.bylines.get().person_id)
    assert client.post(url, again).status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.section_id) == ("Labelled", section.pk)


def test_kept_page_names_nothing_the_user_may_no_longer_open(editor, story):
    """When the form's story is out of the user's reach now, the fields are shown by name,
    and no object is looked up."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    data["headline"] = "Still mine"
    rotate_csrf(client)
    client.post(url, data)
    story.delete()
    shown = visible_boxes(client.get("/admin/kept/").content.decode())
    assert shown["Headline"] == "Still mine"
    assert shown["Bylines, row 1: person"].isdigit()


def test_a_form_whose_author_has_left_is_not_kept(editor, story):
    """The sign-in that opened the form belongs to an account deactivated since."""
    client = strict_client(editor)
    url = admin_url("change", story.pk)
    data = open_form(client, url)
    Session.objects.all().delete()
    editor.is_active = False
    editor.save()
    assert client.post(url, data).status_code == 403
    assert not KeptSubmission.objects.exists()


def test_a_new_article_form_is_kept_with_its_labels(editor):
    """Refused before its first save: the add form's fields, labelled, the section named."""
    section = make_section(name="Business")
    client = strict_client(editor)
    url = admin_url("add")
    data = open_form(client, url)
    data.update(headline="Markets open lower", section=str(section.pk), body="Text.")
    rotate_csrf(client)
    page = client.post(url, data).content.decode()
    shown = visible_boxes(page)
    assert shown["Headline"] == "Markets open lower"
    assert shown["Section"] == "Business"
    assert shown["Body"] == "Text."
