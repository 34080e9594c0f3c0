"""The article page's prepared queries read exactly what the ORM's ``for_page()`` reads."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Attribution, Byline, Correction, Tag
from articles.reader import article_page
from tests.helpers import make_article, make_organization, make_person, make_video

pytestmark = pytest.mark.django_db

RELATIONS = ("tags", "bylines", "attributions", "videos", "corrections", "images")


def as_orm_reads(pk, now):
    return Article.objects.published(now).for_page().get(pk=pk)


def snapshot(article):
    """What a page could read of the article: loaded fields, related rows and their joins."""
    loaded = {name: value for name, value in article.__dict__.items() if not name.startswith("_")}
    related = {}
    for name in RELATIONS:
        rows = list(getattr(article, name).all())
        related[name] = [
            (
                {k: v for k, v in row.__dict__.items() if not k.startswith("_")},
                row._state.fields_cache.keys(),
            )
            for row in rows
        ]
    joined = {name: getattr(article, name) for name in ("section", "lead_image")}
    return loaded, related, joined


def rich_article(**fields):
    person, other = make_person(name="Ann Writer"), make_person(name="Bo Photographer")
    agency = make_organization(name="Reuters")
    video = make_video(title="Clip", credit_organization=agency)
    article = make_article(body=f"Words.\n\n[[video:{video.slug}]]\n\nMore.", **fields)
    Byline.objects.create(article=article, person=person, order=1)
    Byline.objects.create(article=article, person=other, order=2, role=Byline.Role.PHOTOS)
    Attribution.objects.create(article=article, organization=agency)
    article.tags.add(
        Tag.objects.get_or_create(name="NATO", slug="nato")[0],
        Tag.objects.get_or_create(name="Kyiv", slug="kyiv")[0],
    )
    Correction.objects.create(article=article, text="A name was misspelled.")
    return article


def test_the_same_rows_as_the_orm_for_two_articles_in_turn():
    first, second = rich_article(), rich_article(headline="Another")
    now = timezone.now()
    for article in (first, second, first):
        assert snapshot(article_page.published_article(article.pk, now)) == snapshot(
            as_orm_reads(article.pk, now)
        )


def test_related_rows_point_back_at_the_article_without_a_query():
    article = article_page.published_article(rich_article().pk, timezone.now())
    with CaptureQueriesContext(connection) as queries:
        assert {byline.article for byline in article.bylines.all()} == {article}
        assert [tag.name for tag in article.tags.all()] == ["Kyiv", "NATO"]
        assert article.section.name
    assert len(queries) == 0


def test_one_query_for_the_story_and_one_per_relation():
    article = rich_article()
    article_page.published_article(article.pk, timezone.now())  # compiled on first use
    with CaptureQueriesContext(connection) as queries:
        article_page.published_article(article.pk, timezone.now())
    assert len(queries) == 1 + len(RELATIONS)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "scheduled"],
)
def test_nothing_readers_may_not_see(fields):
    article = make_article(**fields)
    assert article_page.published_article(article.pk, timezone.now()) is None


def test_the_instant_is_bound_on_every_run():
    article = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert article_page.published_article(article.pk, timezone.now()) is None
    later = timezone.now() + timedelta(minutes=6)
    assert article_page.published_article(article.pk, later).pk == article.pk
    assert article_page.published_article(article.pk, timezone.now()) is None


def test_an_article_with_nothing_related():
    article = make_article()
    found = article_page.published_article(article.pk, timezone.now())
    assert all(list(getattr(found, name).all()) == [] for name in RELATIONS)
    assert snapshot(found) == snapshot(as_orm_reads(article.pk, timezone.now()))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_postgresql_plans_the_page_queries_once_per_connection():
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return sorted(row[0] for row in cursor.fetchall())

    first, second = rich_article(), rich_article(headline="Another")
    article_page.published_article(first.pk, timezone.now())
    statements = prepared()
    for article in (second, first, second):
        assert article_page.published_article(article.pk, timezone.now()).pk == article.pk
    assert prepared() == statements
    assert len(statements) >= 1 + len(RELATIONS)
    assert any('FROM "articles_byline"' in statement for statement in statements)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_without_prepared_statements_the_rows_are_the_same(settings):
    settings.NEWSROOM_PREPARED_STATEMENTS = False
    article = rich_article()
    now = timezone.now()
    found = snapshot(article_page.published_article(article.pk, now))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
    assert found == snapshot(as_orm_reads(article.pk, now))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_a_prepared_statement_over_the_reader_limit_is_a_timeout_django_knows():
    from django.db import OperationalError, transaction

    from articles.reader import prepared, time_limits

    article = make_article()
    with pytest.raises(OperationalError) as raised, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 20")
        prepared.fetch_together((slow_query(), {"pk": article.pk}))
    assert time_limits.is_statement_timeout(raised.value)


def slow_query():
    """A prepared query that sleeps a second in the database."""
    from django.db.models import IntegerField
    from django.db.models.expressions import RawSQL

    from articles.reader import prepared

    return prepared.PreparedQuery(
        Article,
        lambda pk: Article.objects.filter(pk=pk).annotate(
            slept=RawSQL("(SELECT 1 FROM pg_sleep(1))", [], output_field=IntegerField())
        ),
        prepared.id_marker("pk"),
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_statements_sent_together_over_the_reader_limit_are_a_timeout_django_knows():
    from django.db import OperationalError, transaction

    from articles.reader import prepared, time_limits

    article = make_article()
    slow = slow_query()
    with pytest.raises(OperationalError) as raised, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 20")
        prepared.fetch_together(
            (article_page.STORY, {"pk": article.pk, "now": timezone.now()}),
            (slow, {"pk": article.pk}),
        )
    assert time_limits.is_statement_timeout(raised.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_after_a_timeout_the_connection_serves_the_next_page():
    from django.db import OperationalError

    from articles.reader import prepared

    article = rich_article()
    slow = slow_query()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 20")
    try:
        with pytest.raises(OperationalError):
            prepared.fetch_together((slow, {"pk": article.pk}), (slow, {"pk": article.pk}))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    now = timezone.now()
    assert snapshot(article_page.published_article(article.pk, now)) == snapshot(
        as_orm_reads(article.pk, now)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_before_the_page_is_read(settings):
    """As after a database restart: at the next request the worker reconnects, as Django's
    own cursors do with CONN_HEALTH_CHECKS, instead of failing on the dead connection."""
    import psycopg

    article = rich_article()
    now = timezone.now()
    assert article_page.published_page(article.pk, now)[0].pk == article.pk
    assert connection.health_check_enabled
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.health_check_done = False  # as Django leaves it at the start of a request
    found, onward = article_page.published_page(article.pk, now)
    assert found.pk == article.pk and onward is not None
