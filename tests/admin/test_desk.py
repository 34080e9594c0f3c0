"""
Desk staff add, change, reorder and remove attributions on any article, published ones
included, and can change nothing else: not through the form, not by posting directly.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.editorial import roles
from articles.models import Article, Attribution, Byline
from tests.helpers import (
    add_attribution,
    add_byline,
    form_data,
    make_article,
    make_organization,
    make_person,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client_as):
    return client_as(roles.DESK)


@pytest.fixture
def story():
    """A published story with a byline and one attribution."""
    article = make_article(headline="NATO sees no withdrawal", body="The body.")
    add_byline(article, make_person(name="Alastair Jamieson"))
    add_attribution(article, organization=make_organization(name="Reuters"), order=1)
    return article


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_desk_sees_a_published_story_read_only_except_its_attributions(desk, story):
    response = desk.get(change_url(story))
    assert response.status_code == 200
    data = form_data(response)
    assert "headline" not in data and "body" not in data and "slug" not in data
    assert not any(key.startswith("bylines-0-person") for key in data)
    assert "attributions-0-organization" in data
    html = response.content.decode()
    assert 'name="_save"' in html
    assert "NATO sees no withdrawal" in html
    assert 'name="_addanother"' not in html
    assert "deletelink" not in html


def test_desk_adds_an_attribution_to_a_published_story(desk, story):
    """The form as rendered, plus one new row, saves; the story's own fields are untouched
    (only its last-save and "Updated" times move, see test_desk_saves.py)."""
    ap = make_organization(name="The Associated Press")
    moved = {"modified_at", "updated_at"}
    before = Article.objects.values().get(pk=story.pk)
    data = form_data(desk.get(change_url(story)))
    data.update(
        {
            "attributions-TOTAL_FORMS": "2",
            "attributions-1-organization": str(ap.pk),
            "attributions-1-phrase": Attribution.Phrase.CONTRIBUTED,
            "attributions-1-order": "2",
            "_save": "Save",
        }
    )
    response = desk.post(change_url(story), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert [a.credited_name for a in story.attributions.all()] == [
        "Reuters",
        "The Associated Press",
    ]
    after = Article.objects.values().get(pk=story.pk)
    assert {k: v for k, v in after.items() if k not in moved} == {
        k: v for k, v in before.items() if k not in moved
    }
    assert "Reuters and The Associated Press contributed to this report." in (
        desk.get(story.get_absolute_url()).content.decode()
    )
    entry = LogEntry.objects.get(object_id=str(story.pk))
    assert "Added attribution" in entry.get_change_message()


def test_desk_reorders_changes_and_removes_attributions(desk, story):
    second = add_attribution(story, person=make_person(name="Jane Doe"), order=2)
    data = form_data(desk.get(change_url(story)))
    rows = {data[f"attributions-{i}-id"]: i for i in range(2)}
    reuters = rows[str(story.attributions.get(organization__name="Reuters").pk)]
    jane = rows[str(second.pk)]
    data[f"attributions-{jane}-order"] = "0"
    data[f"attributions-{jane}-custom_phrase"] = "wrote the analysis"
    data[f"attributions-{reuters}-DELETE"] = "on"
    data["_continue"] = "Save and continue editing"
    response = desk.post(change_url(story), data)
    assert response.status_code == 302
    assert [str(a) for a in story.attributions.all()] == ["Jane Doe wrote the analysis"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("headline", "Hijacked headline"), ("body", "Hijacked body"), ("status", "draft")],
)
def test_desk_posting_an_article_field_gets_403(desk, story, field, value):
    """A posted headline or body is refused outright, not silently dropped."""
    data = form_data(desk.get(change_url(story)))
    data.update({field: value, "_save": "Save"})
    response = desk.post(change_url(story), data)
    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.headline, story.body, story.status) == (
        "NATO sees no withdrawal",
        "The body.",
        Article.Status.PUBLISHED,
    )


def test_desk_posting_only_a_headline_gets_403(desk, story):
    """A hand-made request with none of the form's bookkeeping is refused too."""
    response = desk.post(change_url(story), {"headline": "Hijacked"})
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "NATO sees no withdrawal"


@pytest.mark.parametrize(
    "change",
    [
        {"bylines-0-person": "other"},
        {"bylines-0-role": str(Byline.Role.PHOTOS)},
        {"bylines-0-DELETE": "on"},
        {"bylines-TOTAL_FORMS": "2", "bylines-1-person": "other", "bylines-1-role": "10"},
    ],
)
def test_desk_cannot_change_add_or_remove_bylines(desk, story, change):
    other = make_person(name="Someone Else")
    data = form_data(desk.get(change_url(story)))
    data.update({key: str(other.pk) if v == "other" else v for key, v in change.items()})
    data["_save"] = "Save"
    assert desk.post(change_url(story), data).status_code == 403
    assert [b.person.name for b in story.bylines.all()] == ["Alastair Jamieson"]


def test_desk_cannot_add_delete_or_act_on_articles(desk, story):
    """Every other article URL and action stays closed."""
    assert desk.get(reverse("admin:articles_article_add")).status_code == 403
    delete = reverse("admin:articles_article_delete", args=[story.pk])
    assert desk.get(delete).status_code == 403
    assert desk.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:articles_article_changelist")
    response = desk.get(changelist)
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()
    desk.post(
        changelist, {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"}
    )
    assert Article.objects.filter(pk=story.pk).exists()
    saveasnew = form_data(desk.get(change_url(story)))
    saveasnew["_saveasnew"] = "Save as new"
    assert desk.post(change_url(story), saveasnew).status_code == 403
    assert Article.objects.count() == 1


def test_desk_finds_organizations_and_people_by_autocomplete(desk, story):
    make_organization(name="Agence France-Presse")
    response = desk.get(
        reverse("admin:autocomplete"),
        {
            "term": "France",
            "app_label": "articles",
            "model_name": "attribution",
            "field_name": "organization",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Agence France-Presse"]


def test_an_editor_is_not_put_in_desk_mode(client_as, story):
    """Roles that may change articles keep the ordinary form; desk rules are for desk only."""
    client = client_as(roles.EDITOR)
    data = form_data(client.get(change_url(story)))
    assert "headline" in data
    data.update({"headline": "An editor's headline", "_save": "Save"})
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "An editor's headline"


def test_anonymous_and_non_staff_are_sent_away(client, story):
    assert client.get(change_url(story)).status_code == 302
    client.force_login(make_user(staff=False, groups=[roles.DESK]))
    assert client.get(change_url(story)).status_code == 302
    assert client.post(change_url(story), {"headline": "x"}).status_code == 302
    story.refresh_from_db()
    assert story.headline == "NATO sees no withdrawal"


def test_desk_cannot_change_people_organizations_or_use_the_editor_endpoints(desk, story):
    """Outside the attribution inline a desk user only looks."""
    person = story.bylines.get().person
    person_url = reverse("admin:articles_person_change", args=[person.pk])
    assert desk.get(person_url).status_code == 200
    assert desk.post(person_url, {"name": "Renamed", "slug": person.slug}).status_code == 403
    reuters = story.attributions.get().organization
    org_url = reverse("admin:articles_organization_delete", args=[reuters.pk])
    assert desk.post(org_url, {"post": "yes"}).status_code == 403
    assert desk.post(reverse("markdownx_markdownify"), {"content": "**x**"}).status_code == 403
    person.refresh_from_db()
    assert person.name == "Alastair Jamieson"
