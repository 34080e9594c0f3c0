"""Two people edit one story: the later save over a newer version is refused, nothing lost."""

import pytest
from django.test import Client

from articles.models import Article
from tests.helpers import add_byline, admin_url, form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def editor_client(name):
    client = Client()
    user = make_user(name, groups=["Editor"])
    client.force_login(user)
    return client


@pytest.fixture
def story():
    article = make_article(status=Article.Status.DRAFT, body="The first version.")
    add_byline(article)
    return article


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(story):
    """Bea saves over Alma's newer save: refused, Alma's text stays, Bea's is in the form."""
    alma, bea = editor_client("alma"), editor_client("bea")
    url = admin_url("change", story.pk)
    alma_form = form_data(alma.get(url))
    bea_form = form_data(bea.get(url))

    alma_form["body"] = "Alma's rewrite."
    assert alma.post(url, alma_form).status_code == 302

    bea_form["body"] = "Bea's rewrite, an hour of work."
    response = bea.post(url, bea_form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "This article was changed by alma" in text
    assert "your text is still in the form below" in text
    assert "Bea&#x27;s rewrite, an hour of work." in text  # kept in the textarea
    story.refresh_from_db()
    assert story.body == "Alma's rewrite."


def test_saving_again_after_the_warning_replaces_the_newer_version(story):
    """Having read the warning, the editor may save their text deliberately."""
    alma, bea = editor_client("alma"), editor_client("bea")
    url = admin_url("change", story.pk)
    alma_form, bea_form = form_data(alma.get(url)), form_data(bea.get(url))
    alma_form["body"] = "Alma's rewrite."
    alma.post(url, alma_form)
    bea_form["body"] = "Bea's rewrite."
    refused = bea.post(url, bea_form)
    assert bea.post(url, form_data(refused)).status_code == 302
    story.refresh_from_db()
    assert story.body == "Bea's rewrite."


def test_an_up_to_date_form_saves_normally(story):
    """One editor saving twice in a row is never refused."""
    alma = editor_client("alma")
    url = admin_url("change", story.pk)
    for body in ("One.", "Two."):
        data = form_data(alma.get(url))
        data["body"] = body
        assert alma.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.body == "Two."


def test_change_page_names_others_who_saved_recently(story):
    """Opening a story shows who else saved it lately, but not one's own saves."""
    alma, bea = editor_client("alma"), editor_client("bea")
    url = admin_url("change", story.pk)
    alma.post(url, form_data(alma.get(url)))
    assert "Others saved this article recently: alma at" in bea.get(url).content.decode()
    assert "Others saved this article recently" not in alma.get(url).content.decode()


def test_a_post_without_the_version_field_is_refused_as_stale(story):
    """A save that does not say which version it was opened at could overwrite anything:
    it is refused with its text kept, and saving the form again goes through."""
    alma = editor_client("alma")
    url = admin_url("change", story.pk)
    data = form_data(alma.get(url))
    del data["version"]
    data["body"] = "Scripted change."
    response = alma.post(url, data)
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    story.refresh_from_db()
    assert story.body == "The first version."
    assert alma.post(url, form_data(response)).status_code == 302
    story.refresh_from_db()
    assert story.body == "Scripted change."
