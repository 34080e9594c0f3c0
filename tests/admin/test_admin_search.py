"""The article change list's search: the same stories on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test import Client
from django.utils.text import slugify

from articles.admin import article_search, pagination
from articles.models import Article, Byline
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


on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the names are kept by PostgreSQL's triggers"
)


def stored_names(article):
    return Article.objects.values_list("byline_names", flat=True).get(pk=article.pk)


@on_postgres
def test_the_database_keeps_the_bylines_names_whoever_writes_them():
    """Added, reordered, moved, removed, a person renamed, a bulk insert, a stale save."""
    article, other = make_article(), make_article()
    alma, bea = make_person(name="Alma Ortiz"), make_person(name="Bea Lund")
    first = add_byline(article, alma, order=1)
    add_byline(article, bea, order=0)
    assert stored_names(article) == "Bea Lund\nAlma Ortiz"
    stale = Article.objects.get(pk=article.pk)

    Byline.objects.filter(pk=first.pk).update(article=other)
    assert (stored_names(article), stored_names(other)) == ("Bea Lund", "Alma Ortiz")
    bea.name = "Beatrice Lund"
    bea.save()
    assert stored_names(article) == "Beatrice Lund"
    Byline.objects.bulk_create([Byline(article=article, person=alma, order=5)])
    assert stored_names(article) == "Beatrice Lund\nAlma Ortiz"
    Byline.objects.filter(article=article).delete()
    assert stored_names(article) == ""

    add_byline(article, alma)
    stale.headline = "Saved from an old copy"
    stale.save()  # its byline_names is from before: the database writes the true ones
    assert stored_names(article) == "Alma Ortiz"
    assert set(article_search.search(Article.objects.all(), "ortiz")) == {article, other}


def test_row_links_carry_the_search_back_to_the_list(stories):
    client = Client()
    client.force_login(make_user(groups=["Editor"]))
    page = client.get(admin_url("changelist"), {"q": "jamieson nato"}).content.decode()
    link = f"{admin_url('change', stories['summit'])}?_changelist_filters=q%3Djamieson%2Bnato"
    assert f'href="{link}"' in page


def test_a_search_past_the_count_limit_says_there_are_more(monkeypatch):
    """The count stops at the limit, and the list says "more than" rather than a number
    that is not the number of matches."""
    monkeypatch.setattr(pagination, "SEARCH_COUNT_LIMIT", 2)
    for n in range(3):
        make_article(headline=f"Harbour news {n}", slug=f"harbour-news-{n}")
    client = Client()
    client.force_login(make_user(groups=["Editor"]))
    page = client.get(admin_url("changelist"), {"q": "harbour"}).content.decode()
    assert "More than 2 results, the newest first" in page
    assert "More than 2 articles" in page
    page = client.get(admin_url("changelist"), {"q": "harbour news-1"}).content.decode()
    assert "1 result" in page
    assert "More than" not in page
