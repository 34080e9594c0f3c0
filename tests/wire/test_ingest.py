"""Ingest of ninjs, NewsML-G2 and RSS items: each mapping field by field, idempotence,
updates before and after an editor's change, kills."""

import io
from datetime import UTC, datetime

import pytest
import reversion
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article, Person, WireEvent, WireItem
from tests.helpers import make_person


def ingest(path, *args):
    out = io.StringIO()
    call_command(
        "ingest",
        "--file",
        str(path),
        "--organization",
        "wire-agency",
        "--no-progress",
        *args,
        stdout=out,
    )
    return out.getvalue()


def story(guid):
    return WireItem.objects.get(guid=guid).article


def byline_names(article):
    return [b.person.name for b in article.bylines.order_by("role", "order")]


def credit_texts(article):
    return [str(a) for a in article.attributions.all()]


@pytest.mark.django_db
def test_ninjs_1x_mapping(drop, agency, world):
    """A ninjs 1.x item becomes an unpublished story, field by field, its body sanitized."""
    out = ingest(drop / "ninjs-1.json", "--section", "world")
    assert "1 new" in out
    article = story("urn:newsml:wire.example.com:20260611:nato-summit-1")
    assert article.status == Article.Status.DRAFT
    assert article.headline == "NATO leaders meet as talks on eastern flank continue"
    assert article.slug == "nato-leaders-meet-as-talks-on-eastern-flank-continue"
    assert article.dek == "Allies weigh more troops for the Baltic states."
    assert article.section == world
    assert "<script>" not in article.body and "alert(1)" not in article.body_html
    assert "<b>eastern flank</b>" in article.body_html
    assert "<p>BRUSSELS (Wire) — NATO leaders met on Thursday.</p>" in article.body_html
    assert byline_names(article) == ["Anna Keller", "Tomas Ruiz"]
    assert credit_texts(article) == ["Wire Agency contributed to this report"]
    assert sorted(article.tags.values_list("name", flat=True)) == ["Diplomacy", "NATO"]
    assert article.published_at is None
    item = WireItem.objects.get(article=article)
    assert (item.version, item.organization, item.state) == (1, agency, "active")


@pytest.mark.django_db
def test_ninjs_2x_mapping(drop, agency, world):
    """A ninjs 2.x item: main headline, summary as dek, rich body, people, subjects, embargo."""
    ingest(drop / "ninjs-2.json", "--section", "world", "--credit", "byline")
    article = story("urn:newsml:wire.example.com:20260611:grain-deal")
    assert article.headline == "Ports reopen as grain deal is signed"
    assert article.dek == "Shipping resumes after a week of talks."
    assert "onclick" not in article.body_html
    assert 'href="https://example.com/ships"' in article.body_html
    assert "Plain text version" not in article.body
    # The credit as a byline: the item's author, then "By Wire Agency".
    assert byline_names(article) == ["Lena Ortiz", "Wire Agency"]
    assert credit_texts(article) == []
    assert sorted(article.tags.values_list("name", flat=True)) == ["Agriculture", "Shipping"]
    assert article.published_at == datetime(2030, 6, 12, 6, 0, tzinfo=UTC)
    assert article.status == Article.Status.DRAFT
    assert WireItem.objects.get(article=article).version == 3


@pytest.mark.django_db
def test_newsml_mapping(drop, agency, world):
    """A NewsML-G2 newsItem with an NITF body."""
    ingest(drop / "newsml-item.xml")
    article = story("urn:newsml:wire.example.com:20260611:storm-coast")
    assert article.headline == "Storm batters the coast, thousands without power"
    assert article.dek == "Winds of 120 km/h closed roads and schools."
    assert "<p>HAMBURG — A storm hit the coast overnight.</p>" in article.body_html
    assert "<em>thousands</em>" in article.body_html
    assert "Storm batters the coast</hl1>" not in article.body
    assert byline_names(article) == ["Mara Voss"]
    assert sorted(article.tags.values_list("name", flat=True)) == ["Disasters", "Weather"]
    assert article.published_at == datetime(2026, 6, 11, 13, 0, tzinfo=UTC)
    assert WireItem.objects.get(article=article).version == 2


@pytest.mark.django_db
def test_rss_mapping(drop, agency, world):
    """Each RSS item: title, description as dek, content:encoded as body, creator, categories."""
    out = ingest(drop / "feed.rss", "--format", "feed")
    assert "2 new" in out
    rates = story("wire-rss-0001")
    assert rates.headline == "Central bank holds rates steady"
    assert rates.dek == "The bank kept its main rate at 3 percent."
    assert "<p>Markets had expected the move.</p>" in rates.body_html
    assert byline_names(rates) == ["Jon Berg"]
    assert sorted(rates.tags.values_list("name", flat=True)) == ["Banks", "Economy"]
    strike = story("wire-rss-0002")
    assert strike.headline == "Rail strike called off"
    assert "<p>Unions and operators agreed a deal late on Wednesday.</p>" in strike.body_html
    assert byline_names(strike) == []


@pytest.mark.django_db
def test_existing_people_are_matched(drop, agency, world):
    """A byline name that matches a person (in any case) uses that person; others are new,
    without accounts."""
    keller = make_person(name="anna keller", slug="anna-keller")
    ingest(drop / "ninjs-1.json")
    article = story("urn:newsml:wire.example.com:20260611:nato-summit-1")
    assert article.bylines.filter(person=keller).exists()
    ruiz = Person.objects.get(name="Tomas Ruiz")
    assert ruiz.user is None


@pytest.mark.django_db
def test_running_twice_changes_nothing(drop, agency, world):
    """Ingesting the same items again writes nothing."""
    for name in ("ninjs-1.json", "ninjs-2.json", "newsml-item.xml", "feed.rss"):
        ingest(drop / name)
    counts = (Article.objects.count(), Person.objects.count(), WireEvent.objects.count())
    saved = dict(Article.objects.values_list("pk", "modified_at"))
    versions = Version.objects.count()
    for name in ("ninjs-1.json", "ninjs-2.json", "newsml-item.xml", "feed.rss"):
        out = ingest(drop / name)
        assert " 0 new, 0 updated" in " " + out.splitlines()[-1]
    assert (Article.objects.count(), Person.objects.count(), WireEvent.objects.count()) == counts
    assert dict(Article.objects.values_list("pk", "modified_at")) == saved
    assert Version.objects.count() == versions


def newer(path, version, headline):
    text = path.read_text()
    text = text.replace('"version": "1"', f'"version": "{version}"')
    text = text.replace("NATO leaders meet as talks on eastern flank continue", headline)
    path.write_text(text)


@pytest.mark.django_db
def test_newer_version_updates_untouched_story(drop, agency, world):
    """While no editor has changed the story, a newer version replaces it."""
    ingest(drop / "ninjs-1.json")
    newer(drop / "ninjs-1.json", 2, "NATO leaders agree on eastern flank")
    out = ingest(drop / "ninjs-1.json")
    assert "1 updated" in out
    article = story("urn:newsml:wire.example.com:20260611:nato-summit-1")
    assert article.headline == "NATO leaders agree on eastern flank"
    assert article.slug == "nato-leaders-meet-as-talks-on-eastern-flank-continue"
    assert WireItem.objects.get(article=article).version == 2
    # An older version arriving late changes nothing.
    newer(drop / "ninjs-1.json", 1, "Old headline")
    assert "1 unchanged" in ingest(drop / "ninjs-1.json")


@pytest.mark.django_db
def test_newer_version_after_editor_change_is_kept_as_revision(drop, agency, world):
    """Once an editor has changed the story, a newer version is kept as a revision to compare
    and take; the editor's text stays."""
    ingest(drop / "ninjs-1.json")
    article = story("urn:newsml:wire.example.com:20260611:nato-summit-1")
    with reversion.create_revision():
        article.headline = "Our own headline"
        article.save()
    newer(drop / "ninjs-1.json", 2, "NATO leaders agree on eastern flank")
    out = ingest(drop / "ninjs-1.json")
    assert "1 kept" in out
    article.refresh_from_db()
    assert article.headline == "Our own headline"
    item = WireItem.objects.get(article=article)
    assert (item.version, item.pending_version) == (2, 2)
    latest = Version.objects.get_for_object(article).first()
    assert latest.field_dict["headline"] == "NATO leaders agree on eastern flank"
    assert "Version 2" in latest.revision.comment
    # Taking it: restoring the revision puts the agency's text in the story.
    latest.revision.revert()
    article.refresh_from_db()
    assert article.headline == "NATO leaders agree on eastern flank"
    # The same version again is not kept twice.
    assert "1 unchanged" in ingest(drop / "ninjs-1.json")


@pytest.mark.django_db(transaction=True)
def test_kill_withdraws_published_story_and_blocks_it(drop, agency, world):
    """A kill notice withdraws the published story at once; the item never comes back."""
    ingest(drop / "newsml-item.xml")
    article = story("urn:newsml:wire.example.com:20260611:storm-coast")
    article.status = Article.Status.PUBLISHED
    article.save()
    assert Article.objects.published().filter(pk=article.pk).exists()
    out = ingest(drop / "newsml-kill.xml")
    assert "1 killed" in out
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()
    event = WireEvent.objects.get(outcome="killed")
    assert event.article == article and "withdrawn" in event.reason
    assert "killed" in Version.objects.get_for_object(article).first().revision.comment
    # The item sent again is refused, and the story stays withdrawn.
    out = ingest(drop / "newsml-item.xml")
    assert "1 refused" in out and "killed this item" in out
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


@pytest.mark.django_db
def test_kill_before_the_item_blocks_it(drop, agency, world):
    """A kill for an item never seen is remembered: the item is refused when it comes."""
    ingest(drop / "newsml-kill.xml")
    assert "1 refused" in ingest(drop / "newsml-item.xml")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_story_cannot_be_published_before_the_embargo(drop, agency, world):
    """The item's embargo is the story's earliest publish time."""
    from django.core.exceptions import ValidationError

    ingest(drop / "ninjs-2.json")
    article = story("urn:newsml:wire.example.com:20260611:grain-deal")
    article.status = Article.Status.PUBLISHED
    article.published_at = datetime(2030, 6, 12, 5, 59, tzinfo=UTC)
    with pytest.raises(ValidationError, match="embargo lasts until 2030-06-12 06:00"):
        article.clean()
    article.published_at = datetime(2030, 6, 12, 6, 0, tzinfo=UTC)
    article.clean()


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire</title><id>urn:wire:feed</id><updated>2026-06-11T10:00:00Z</updated>
  <entry>
    <id>urn:wire:atom:1</id>
    <title>Floods close the valley road</title>
    <updated>2026-06-11T10:00:00Z</updated>
    <author><name>Ida Lund</name></author>
    <summary>Rain fell for three days.</summary>
    <content type="html">&lt;p&gt;The road was closed on Thursday.&lt;/p&gt;</content>
    <category term="Weather"/>
  </entry>
</feed>"""


@pytest.mark.django_db
def test_atom_mapping(drop, agency, world):
    path = drop / "wire.atom"
    path.write_text(ATOM)
    assert "1 new" in ingest(path)
    article = story("urn:wire:atom:1")
    assert article.headline == "Floods close the valley road"
    assert article.dek == "Rain fell for three days."
    assert "<p>The road was closed on Thursday.</p>" in article.body_html
    assert byline_names(article) == ["Ida Lund"]
    assert list(article.tags.values_list("name", flat=True)) == ["Weather"]
    assert WireItem.objects.get(article=article).version == 1781172000
