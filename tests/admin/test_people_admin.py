"""People and organizations in the admin: where they are credited, and no silent loss."""

import pytest
from django.urls import reverse

from articles.editorial import roles
from articles.models import Byline, Organization, Person
from tests.helpers import (
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
    make_video,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client_as):
    return client_as(roles.EDITOR)


@pytest.fixture
def credited_person():
    person = make_person(name="Alastair Jamieson")
    add_byline(make_article(headline="NATO sees no withdrawal"), person)
    add_attribution(
        make_article(headline="Kerry in Brussels"),
        person=person,
        phrase="contributed reporting",
    )
    return person


def admin_url(obj, view="change"):
    return reverse(f"admin:articles_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_person_page_lists_where_they_are_credited(editor, credited_person):
    html = editor.get(admin_url(credited_person)).content.decode()
    article = credited_person.bylines.get().article
    assert "Credited on" in html
    assert (
        f'Byline “By” on <a href="{admin_url(article)}">NATO sees no withdrawal</a> (Published)'
    ) in html
    assert "Attribution “contributed reporting” on" in html
    assert "Kerry in Brussels" in html


def test_organization_page_lists_attributions_and_videos(editor):
    reuters = make_organization(name="Reuters")
    add_attribution(make_article(headline="NATO sees no withdrawal"), organization=reuters)
    video = make_video(title="Kerry arrives", credit_organization=reuters)
    html = editor.get(admin_url(reuters)).content.decode()
    assert "Attribution “contributed to this report” on" in html
    assert f'Credit on the video <a href="{admin_url(video)}">Kerry arrives</a>' in html


def test_an_uncredited_person_says_so(editor):
    html = editor.get(admin_url(make_person())).content.decode()
    assert "Not credited anywhere yet." in html


def test_deleting_a_credited_person_is_refused_with_the_list(editor, credited_person):
    """The confirmation page names each story; posting anyway deletes nothing."""
    url = admin_url(credited_person, "delete")
    html = editor.get(url).content.decode()
    assert "cannot be deleted: credits would be lost" in html
    assert "NATO sees no withdrawal" in html and "Kerry in Brussels" in html
    assert "Yes, I’m sure" not in html
    response = editor.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Person.objects.filter(pk=credited_person.pk).exists()
    assert Byline.objects.filter(person=credited_person).exists()


def test_deleting_credited_organizations_in_bulk_is_refused_with_the_list(editor):
    reuters = make_organization(name="Reuters")
    add_attribution(make_article(headline="NATO sees no withdrawal"), organization=reuters)
    spare = make_organization(name="Unused Agency")
    changelist = reverse("admin:articles_organization_changelist")
    response = editor.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [reuters.pk, spare.pk], "post": "yes"},
    )
    html = response.content.decode()
    assert "NATO sees no withdrawal" in html
    assert Organization.objects.count() == 2


def test_an_uncredited_person_can_be_deleted(editor):
    person = make_person()
    response = editor.post(admin_url(person, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def autocomplete(client, term, model_name="byline", field_name="person"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": model_name, "field_name": field_name},
    )
    return [result["text"] for result in response.json()["results"]]


def test_inactive_people_are_not_offered_for_new_credits(editor):
    make_person(name="Retired Reporter", active=False)
    make_person(name="Rested Reporter")
    assert autocomplete(editor, "Re") == ["Rested Reporter"]
    assert autocomplete(editor, "Re", model_name="attribution") == ["Rested Reporter"]


def test_people_and_organizations_are_searchable(editor):
    make_person(name="Alastair Jamieson", job_title="Europe correspondent")
    make_organization(name="The Associated Press", short_name="AP")
    people = editor.get(reverse("admin:articles_person_changelist"), {"q": "correspondent"})
    assert "Alastair Jamieson" in people.content.decode()
    orgs = editor.get(reverse("admin:articles_organization_changelist"), {"q": "AP"})
    assert "The Associated Press" in orgs.content.decode()


def test_social_handle_is_validated(editor):
    data = {"name": "Jo", "slug": "jo", "social_handle": "https://x.com/jo", "active": "on"}
    response = editor.post(reverse("admin:articles_person_add"), data)
    assert response.status_code == 200
    assert "Enter a handle such as @alastairjam" in response.content.decode()
    data["social_handle"] = "@jo@news.example"
    assert editor.post(reverse("admin:articles_person_add"), data).status_code == 302


def test_a_biography_cannot_place_a_video(db):
    """Author pages are not bounded by rights windows, so a bio may not embed a video."""
    from django.core.exceptions import ValidationError

    from tests.helpers import make_person, make_video

    video = make_video()
    person = make_person(bio=f"Reporter.\n\n[[video:{video.slug}]]")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "bio" in error.value.message_dict
