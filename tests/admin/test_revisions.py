"""Every admin save is kept; editors see who changed what, compare versions and restore one."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleVideo, Byline
from tests.helpers import (
    add_attribution,
    add_byline,
    add_inline_row,
    admin_url,
    credit,
    form_data,
    login,
    make_article,
    make_person,
    make_video,
)

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    data = form_data(client.get(admin_url("change", article.pk)))
    data.update(changes)
    response = client.post(admin_url("change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return data


@pytest.fixture
def edited(client):
    """A story saved twice by an editor: the second save changes body, byline and video."""
    editor = login(client, "editor")
    article = make_article(status=Article.Status.DRAFT, body="Original paragraph.")
    first_person = make_person(name="First Reporter")
    add_byline(article, first_person)
    add_attribution(article)
    save(client, article)
    video = make_video(slug="clip")
    data = form_data(client.get(admin_url("change", article.pk)))
    data["body"] = "Rewritten paragraph.\n\n[[video:clip]]"
    add_inline_row(data, "bylines", person=make_person(name="Second Reporter").pk, role=10, order=1)
    assert client.post(admin_url("change", article.pk), data).status_code == 302
    return {"article": article, "editor": editor, "video": video}


def test_each_save_keeps_a_version_with_its_bylines_and_credits(edited):
    """A version holds the article, its list of videos and the bylines and credits it had."""
    versions = Version.objects.get_for_object(edited["article"])
    assert versions.count() == 2
    newest = versions.first()
    kept = {v.object_repr for v in newest.revision.version_set.all()}
    assert {"By First Reporter", "By Second Reporter"} <= kept
    assert any("contributed to this report" in text for text in kept)
    links = [v for v in newest.revision.version_set.all() if v._model is ArticleVideo]
    assert [v.field_dict["video_id"] for v in links] == [edited["video"].pk]
    assert newest.revision.user == edited["editor"]


def test_history_lists_who_saved_and_offers_restore_to_editors(client, edited):
    """The history page names each saver and links editors to each version."""
    response = client.get(admin_url("history", edited["article"].pk))
    text = response.content.decode()
    assert text.count(edited["editor"].get_username()) >= 2
    version = Version.objects.get_for_object(edited["article"]).last()
    restore = reverse("admin:articles_article_revision", args=[edited["article"].pk, version.pk])
    assert restore in text


def test_history_offers_no_restore_to_reporters(client, edited):
    """A reporter sees the history of a story they write, but no restore links."""
    credit(edited["article"], login(client, "reporter"))
    text = client.get(admin_url("history", edited["article"].pk)).content.decode()
    assert "Compare" in text
    assert "/history/" not in text.split("change-history", 1)[1].split("</table>")[0]


def test_compare_shows_what_changed_between_two_versions(client, edited):
    """The comparison marks removed and added lines of the body and the bylines."""
    old, new = Version.objects.get_for_object(edited["article"]).order_by("pk")
    response = client.get(
        admin_url("compare", edited["article"].pk), {"from": new.pk, "to": old.pk}
    )
    assert response.status_code == 200
    changes = dict(response.context["changes"])
    assert ("-", "Original paragraph.") in changes["Body"]
    assert ("+", "Rewritten paragraph.") in changes["Body"]
    assert ("+", "By Second Reporter") in changes["Bylines"]
    assert ("+", f"{edited['article'].headline} shows {edited['video'].title}") in changes["Videos"]
    assert "Headline" not in changes
    text = response.content.decode()
    assert "<del>Original paragraph.</del>" in text
    assert "<ins>Rewritten paragraph.</ins>" in text


def test_compare_refuses_versions_of_another_article(client, edited):
    """Version ids from another story give 404."""
    other = make_article()
    add_byline(other)
    save(client, other)
    foreign = Version.objects.get_for_object(other).first()
    own = Version.objects.get_for_object(edited["article"]).first()
    response = client.get(
        admin_url("compare", edited["article"].pk), {"from": foreign.pk, "to": own.pk}
    )
    assert response.status_code == 404


def test_restoring_a_version_brings_back_its_text_bylines_and_videos(client, edited):
    """Restore puts back the old body, removes the later byline and the later video."""
    article = edited["article"]
    oldest = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    page = client.get(url)
    assert page.status_code == 200
    article.refresh_from_db()
    assert article.body.startswith("Rewritten")  # viewing a version changes nothing
    assert client.post(url, form_data(page)).status_code == 302
    article.refresh_from_db()
    assert article.body == "Original paragraph."
    assert "Original paragraph." in article.body_html
    assert list(article.bylines.values_list("person__name", flat=True)) == ["First Reporter"]
    assert article.videos.count() == 0
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.get_comment().startswith("Reverted to previous version")
    assert Byline.objects.filter(person__name="Second Reporter").count() == 0


def test_bulk_actions_leave_a_commented_version(client):
    """Publishing from the list is recorded in the story's history, with who did it."""
    editor = login(client, "editor")
    article = make_article(status=Article.Status.DRAFT)
    add_byline(article)
    client.post(
        admin_url("changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    version = Version.objects.get_for_object(article).get()
    assert version.revision.get_comment() == "Published from the article list."
    assert version.revision.user == editor
    assert version.field_dict["status"] == "published"


def test_restoring_an_old_version_keeps_later_corrections(client, edited):
    """Corrections are a public record: restoring older text never removes one."""
    from articles.models import Correction

    article = edited["article"]
    Correction.objects.create(article=article, text="A name was misspelled.")
    oldest = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    assert client.post(url, form_data(client.get(url))).status_code == 302
    article.refresh_from_db()
    assert article.body == "Original paragraph."
    assert article.corrections.get().text == "A name was misspelled."
