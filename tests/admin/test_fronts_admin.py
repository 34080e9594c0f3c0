"""Fronts and the banner in the admin: editors arrange and schedule them; reporters and the
desk see them but change nothing; line-ups keep their history and can be restored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.editorial import roles
from articles.models import Article, BreakingNews, Front, LineUp, Placement, Slot
from tests.helpers import (
    add_byline,
    add_inline_row,
    form_data,
    make_article,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_front():
    front = Front.objects.create()
    lead = Slot.objects.create(front=front, title="Lead", size=1, order=0)
    top = Slot.objects.create(front=front, title="Top stories", size=3, order=1)
    return front, lead, top


def sign_in(client, role):
    user = make_user(groups=[role])
    client.force_login(user)
    return user


def urls(front, lineup, banner):
    return [
        reverse("admin:articles_front_changelist"),
        reverse("admin:articles_front_change", args=[front.pk]),
        reverse("admin:articles_front_history", args=[front.pk]),
        reverse("admin:articles_lineup_changelist"),
        reverse("admin:articles_lineup_change", args=[lineup.pk]),
        reverse("admin:articles_lineup_history", args=[lineup.pk]),
        reverse("admin:articles_breakingnews_changelist"),
        reverse("admin:articles_breakingnews_change", args=[banner.pk]),
    ]


@pytest.mark.parametrize("role", [roles.REPORTER, roles.DESK])
def test_reporters_and_the_desk_see_fronts_and_the_banner_but_change_nothing(
    client, home_front, role
):
    front, lead, _top = home_front
    story = make_article()
    lineup = LineUp.objects.create(front=front)
    Placement.objects.create(lineup=lineup, slot=lead, article=story)
    banner = BreakingNews.objects.create(text="Quake", article=story)
    sign_in(client, role)

    for url in urls(front, lineup, banner):
        assert client.get(url).status_code == 200, url
    for name in ("front", "lineup", "breakingnews"):
        assert client.get(reverse(f"admin:articles_{name}_add")).status_code == 403
    refused = [
        (reverse("admin:articles_lineup_change", args=[lineup.pk]), {"note": "forged"}),
        (reverse("admin:articles_breakingnews_change", args=[banner.pk]), {"text": "forged"}),
        (reverse("admin:articles_lineup_delete", args=[lineup.pk]), {"post": "yes"}),
        (
            reverse("admin:articles_breakingnews_changelist"),
            {"action": "end_now", "_selected_action": [banner.pk]},
        ),
        (
            reverse("admin:articles_lineup_changelist"),
            {"action": "restore_now", "_selected_action": [lineup.pk]},
        ),
    ]
    for url, data in refused:
        # refused outright, or (an action the list does not offer) the list shown again
        assert client.post(url, data).status_code in (200, 302, 403), url
    assert LineUp.objects.count() == 1
    banner.refresh_from_db()
    assert banner.text == "Quake" and banner.ends_at is None


def test_an_editor_arranges_a_line_up_through_the_form(client, home_front):
    front, lead, top = home_front
    summit, brief = make_article(headline="Summit"), make_article(headline="Brief")
    sign_in(client, roles.EDITOR)
    add_url = reverse("admin:articles_lineup_add") + f"?front={front.pk}"
    data = form_data(client.get(add_url))
    assert data["front"] == str(front.pk)
    data["placements-0-slot"] = str(top.pk)
    data["placements-0-article"] = str(brief.pk)
    add_inline_row(data, "placements", slot=str(lead.pk), article=str(summit.pk), order="0")
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["errors"]
    lineup = LineUp.objects.get()
    assert lineup.created_by.groups.filter(name=roles.EDITOR).exists()
    assert [(p.slot.title, p.article.headline) for p in lineup.placements.all()] == [
        ("Lead", "Summit"),
        ("Top stories", "Brief"),
    ]
    home = client.get(reverse("articles:home"))
    assert home.context["front_slots"][0].articles == [summit]


def test_a_slot_of_another_front_or_a_draft_is_refused_with_a_form_error(client, home_front):
    front, lead, _top = home_front
    other_front = Front.objects.create(section=make_section())
    foreign = Slot.objects.create(front=other_front, title="Elsewhere", size=1)
    draft = make_article(status=Article.Status.DRAFT)
    lineup = LineUp.objects.create(front=front)
    sign_in(client, roles.EDITOR)
    url = reverse("admin:articles_lineup_change", args=[lineup.pk])
    data = form_data(client.get(url))
    data.update({"placements-0-slot": str(foreign.pk), "placements-0-article": str(draft.pk)})
    data["note"] = "Typed note is kept"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Typed note is kept" in html
    assert not Placement.objects.exists()


def test_restoring_an_old_line_up_makes_a_copy_live_and_keeps_history(client, home_front):
    front, lead, _top = home_front
    old_story, new_story = make_article(headline="Old lead"), make_article(headline="New lead")
    old = LineUp.objects.create(front=front, starts_at=timezone.now() - timedelta(hours=2))
    Placement.objects.create(lineup=old, slot=lead, article=old_story)
    new = LineUp.objects.create(front=front, starts_at=timezone.now() - timedelta(hours=1))
    Placement.objects.create(lineup=new, slot=lead, article=new_story)
    sign_in(client, roles.EDITOR)

    response = client.post(
        reverse("admin:articles_lineup_changelist"),
        {"action": "restore_now", "_selected_action": [old.pk]},
    )

    assert response.status_code == 302
    assert front.live_lineup().placements.get().article == old_story
    assert LineUp.objects.count() == 3
    restored = front.live_lineup()
    assert Version.objects.get_for_object(restored).count() == 1
    history = client.get(reverse("admin:articles_front_change", args=[front.pk]))
    assert history.content.decode().count("replaced") == 2


def test_copying_a_line_up_schedules_it_for_the_editor_to_arrange(client, home_front):
    front, lead, _top = home_front
    live = LineUp.objects.create(front=front)
    Placement.objects.create(lineup=live, slot=lead, article=make_article())
    sign_in(client, roles.EDITOR)
    client.post(
        reverse("admin:articles_lineup_changelist"),
        {"action": "copy_scheduled", "_selected_action": [live.pk]},
    )
    copy = LineUp.objects.exclude(pk=live.pk).get()
    assert copy.starts_at > timezone.now() + timedelta(minutes=59)
    assert copy.state() == "scheduled" and live.state() == "live"
    assert copy.placements.count() == 1


def test_an_editor_sets_and_clears_the_banner(client):
    story = make_article()
    sign_in(client, roles.EDITOR)
    url = reverse("admin:articles_breakingnews_add")
    data = form_data(client.get(url))
    data.update({"text": "Quake strikes", "article": str(story.pk)})
    assert client.post(url, data).status_code == 302
    assert "Quake strikes" in client.get(story.get_absolute_url()).content.decode()
    banner = BreakingNews.objects.get()
    client.post(
        reverse("admin:articles_breakingnews_changelist"),
        {"action": "end_now", "_selected_action": [banner.pk]},
    )
    banner.refresh_from_db()
    assert banner.ends_at is not None and banner.ends_at <= timezone.now()
    client.logout()
    assert "Quake strikes" not in client.get(story.get_absolute_url()).content.decode()


def test_a_banner_that_ends_before_it_starts_is_a_form_error(client):
    story = make_article()
    sign_in(client, roles.EDITOR)
    url = reverse("admin:articles_breakingnews_add")
    data = form_data(client.get(url))
    data.update(
        {
            "text": "Quake strikes",
            "article": str(story.pk),
            "ends_at_0": "2020-01-01",
            "ends_at_1": "10:00:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The banner must end after it starts." in response.content.decode()


def test_the_article_autocomplete_offers_fronts_only_published_and_scheduled_stories(client):
    live = make_article(headline="Alpha live")
    scheduled = make_article(
        headline="Alpha later", published_at=timezone.now() + timedelta(hours=1)
    )
    make_article(headline="Alpha draft", status=Article.Status.DRAFT)
    sign_in(client, roles.EDITOR)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "placement",
            "field_name": "article",
            "term": "Alpha",
        },
    )
    found = {int(row["id"]) for row in response.json()["results"]}
    assert found == {live.pk, scheduled.pk}


def test_editors_choose_related_stories_on_the_article_form(client):
    story, other = make_article(headline="Story"), make_article(headline="Other")
    add_byline(story)
    sign_in(client, roles.EDITOR)
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(client.get(url))
    add_inline_row(data, "related_links", related=str(other.pk), order="0")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert list(story.related_links.values_list("related_id", flat=True)) == [other.pk]
    page = client.get(story.get_absolute_url())
    assert [a.pk for a in page.context["onward"].related] == [other.pk]


def test_a_story_cannot_be_related_to_itself(client):
    story = make_article()
    add_byline(story)
    sign_in(client, roles.EDITOR)
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(client.get(url))
    add_inline_row(data, "related_links", related=str(story.pk), order="0")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A story is not related to itself." in response.content.decode()


def test_a_second_front_for_the_same_page_is_a_form_error(client, home_front):
    section = make_section()
    Front.objects.create(section=section)
    sign_in(client, roles.EDITOR)
    url = reverse("admin:articles_front_add")
    for chosen in ("", str(section.pk)):
        data = form_data(client.get(url))
        data["section"] = chosen
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "That page already has a front." in html or "already exists" in html
    assert Front.objects.count() == 2
