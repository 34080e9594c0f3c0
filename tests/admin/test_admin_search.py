"""The article change list's search: the same stories on SQLite and on PostgreSQL."""

import pytest
from django.test import Client
from django.utils.text import slugify

from articles.admin import article_search
from articles.models import Article
from tests.helpers import add_byline, admin_url, make_article, make_person, make_user

pytestmark = pytest.mark.django_db

STORIES = {
    "summit": ("NATO summit opens in Vilnius", "Leaders meet on Ukraine.", "Alastair Jamieson"),
    "troops": ("No sign of troop withdrawal", "NATO says Russian troops remain.", "Keiko Tanaka"),
    "budget": ("City budget passes", "The council votes on schools.", "Alastair Jamieson"),
    "storm": ("Storm closes harbour", "Ferries cancelled for two days.", "Omar Haddad"),
}
SEARCHES = {
    "nato": {"summit", "troops"},
    "NATO summit": {"summit"},
    "jamieson": {"summit", "budget"},
    "jamieson nato": {"summit"},
    "harbour ferries": {"storm"},
    "city-budget": {"budget"},  # the slug
    "ity-bud": {"budget"},  # any part of the slug
    "troop": {"troops"},
    '"council votes"': {"budget"},  # a quoted bit is searched as one
    "vilnius leaders ukraine": {"summit"},
    "nothing-like-this": set(),
    "": {"summit", "troops", "budget", "storm"},
}


@pytest.fixture
def stories():
    people = {}
    made = {}
    for key, (headline, dek, name) in STORIES.items():
        article = make_article(
            headline=headline, dek=dek, slug=slugify(headline), status=Article.Status.DRAFT
        )
        if name not in people:
            people[name] = make_person(name=name)
        add_byline(article, people[name])
        made[key] = article.pk
    return made


@pytest.mark.parametrize(("term", "expected"), SEARCHES.items())
def test_search_finds_the_same_stories_on_every_database(stories, term, expected):
    """Every word must match a headline or dek word, the slug or a byline's name."""
    found = set(article_search.search(Article.objects.all(), term).values_list("pk", flat=True))
    assert found == {stories[key] for key in expected}


def test_change_list_search_shows_the_matches(stories):
    client = Client()
    client.force_login(make_user(groups=["Editor"]))
    response = client.get(admin_url("changelist"), {"q": "jamieson nato"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "NATO summit opens in Vilnius" in page
    assert "City budget passes" not in page


def test_reporter_search_stays_within_their_stories(stories):
    """The search narrows the list a reporter may see; it never widens it."""
    client = Client()
    client.force_login(make_user(groups=["Reporter"]))
    page = client.get(admin_url("changelist"), {"q": "nato"}).content.decode()
    assert "NATO summit opens in Vilnius" not in page


@pytest.mark.parametrize("term", ["'", '"', "\\", "a:*", "!&|", "((", "x" * 300, "é ü"])
def test_odd_searches_answer(stories, term):
    client = Client()
    client.force_login(make_user(groups=["Editor"]))
    response = client.get(admin_url("changelist"), {"q": term})
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.query == term
    assert len(changelist.result_list) <= len(stories)
