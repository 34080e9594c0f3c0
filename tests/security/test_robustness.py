"""Very large input is accepted or refused by a stated limit, and deleting what is in use
is refused with the list of its uses."""

import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from articles.models import Article, Byline, Image, Section
from tests.helpers import (
    add_inline_row,
    form_data,
    make_article,
    make_organization,
    make_person,
    make_section,
    make_user,
    png_bytes,
)

ADD_ARTICLE = "/admin/articles/article/add/"


@pytest.fixture
def editor(client, db):
    client.force_login(make_user(superuser=True, password=None))
    return client


def article_form(client, section, **fields):
    """The add form as the admin renders it, filled in for a published story with a
    "By" byline (the publishing checks pass), then ``fields`` on top."""
    data = form_data(client.get(ADD_ARTICLE))
    data.update(
        {
            "headline": "A headline",
            "slug": "a-headline",
            "section": section.pk,
            "body": "Text.",
            "status": Article.Status.PUBLISHED,
            "published_at_0": "2026-01-02",
            "published_at_1": "10:00:00",
        }
    )
    add_inline_row(data, "bylines", person=make_person().pk, role=Byline.Role.BY, order=0)
    data.update(fields)
    return data


def test_a_one_megabyte_body_is_accepted_and_rendered(editor, client):
    """A 1 MB body (well under the 5 MB request limit) saves and renders in a few seconds."""
    section = make_section()
    paragraph = "Words of a long report, with *emphasis* and a [link](https://example.com). "
    body = "\n\n".join([paragraph * 10] * (1024 * 1024 // (len(paragraph) * 10 + 2)))
    assert len(body) >= 1_000_000
    started = time.monotonic()
    response = editor.post(ADD_ARTICLE, article_form(editor, section, body=body))
    assert response.status_code == 302
    article = Article.objects.get()
    client.logout()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert page.content.count(b"<em>emphasis</em>") == body.count("*emphasis*")
    assert time.monotonic() - started < 60


def test_a_request_over_the_upload_limit_is_refused_with_400(editor):
    """Form data above DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB) is refused before any view runs."""
    section = make_section()
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = editor.post(ADD_ARTICLE, article_form(editor, section, body=body))
    assert response.status_code == 400
    assert not Article.objects.exists()


@pytest.mark.parametrize("length", [201, 10_000, 100_000])
def test_an_over_long_headline_is_a_form_error(editor, length):
    """Headlines stop at 200 characters: longer ones are refused with a message, not a crash."""
    section = make_section()
    response = editor.post(ADD_ARTICLE, article_form(editor, section, headline="H" * length))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "at most 200 characters" in errors["headline"][0]
    assert not Article.objects.exists()


def test_nul_characters_are_a_form_error(editor):
    """A NUL byte in any text field is refused with a message (PostgreSQL cannot store it)."""
    section = make_section()
    response = editor.post(
        ADD_ARTICLE, article_form(editor, section, headline="Bad\x00head", body="<scr\x00ipt>")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Null characters are not allowed." in errors["headline"]
    assert "Null characters are not allowed." in errors["body"]
    assert not Article.objects.exists()


def test_a_200_character_headline_is_accepted(editor):
    section = make_section()
    response = editor.post(ADD_ARTICLE, article_form(editor, section, headline="H" * 200))
    assert response.status_code == 302
    assert Article.objects.get().headline == "H" * 200


def test_a_bad_date_lookup_in_the_admin_is_a_bad_request_not_an_error(editor):
    """?created_at__year=0 or a 20-digit year sends the list back with ?e=1."""
    for url in (
        "/admin/articles/image/?created_at__year=0",
        "/admin/articles/article/?published_at__year=0",
        "/admin/articles/article/?published_at__year=99999999999999999999",
    ):
        response = editor.get(url)
        assert response.status_code == 302 and response["Location"].endswith("?e=1"), url


def make_image():
    image = Image(alt_text="A portrait")
    image.file = ContentFile(png_bytes(), name="portrait.png")
    image.save()
    return image


def test_an_image_in_use_cannot_be_deleted_and_its_uses_are_listed(editor):
    """The delete page names every person, organization and video that shows the image,
    and posting the delete anyway leaves the image in place."""
    image = make_image()
    person = make_person(name="Ana Reporter", headshot=image)
    make_organization(name="Wire Agency", logo=image)
    url = f"/admin/articles/image/{image.pk}/delete/"
    page = editor.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "Ana Reporter" in page and "Wire Agency" in page
    assert editor.post(url, {"post": "yes"}).status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()
    person.refresh_from_db()
    assert person.headshot == image


def test_a_section_with_articles_cannot_be_deleted_and_its_articles_are_listed(editor):
    """Deleting a section, alone or in a bulk action, is refused while articles use it."""
    section = make_section(name="World")
    make_article(section=section, headline="Troops stay on the border")
    url = f"/admin/articles/section/{section.pk}/delete/"
    page = editor.get(url).content.decode()
    assert "Troops stay on the border" in page
    editor.post(url, {"post": "yes"})
    bulk = editor.post(
        "/admin/articles/section/",
        {"action": "delete_selected", "_selected_action": [section.pk], "post": "yes"},
    )
    assert "Troops stay on the border" in bulk.content.decode()
    assert Section.objects.filter(pk=section.pk).exists()


def test_an_unused_image_can_be_deleted(editor):
    image = make_image()
    response = editor.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.exists()
