"""
The query plans behind the busiest pages, on the benchmark database:

    .venv/bin/python bench/explain.py [--database-url postgres://...] [--verbose]

Requests each page in-process, runs EXPLAIN ANALYZE on every query that reads the article
table, and prints the index each one uses and its execution time. Exits 1 when any of them
scans the whole article table.
"""

import argparse
import os
import re
import sys

PAGES = [
    ("home", lambda ctx: "/", False),
    ("home, page 50", lambda ctx: "/?page=50", False),
    ("author (most bylines)", lambda ctx: ctx["author"].get_absolute_url(), False),
    ("article", lambda ctx: ctx["article"].get_absolute_url(), False),
    ("admin changelist", lambda ctx: "/admin/articles/article/", True),
    (
        "admin, one section",
        lambda ctx: f"/admin/articles/article/?section__id__exact={ctx['section'].pk}",
        True,
    ),
    ("admin, drafts", lambda ctx: "/admin/articles/article/?status__exact=draft", True),
]


def querysets(ctx):
    """Queries of pages still to come (section, feed, sitemap), as their views will ask."""
    from articles.models import Article

    published = Article.objects.published()
    return [
        ("section list", published.filter(section=ctx["section"]).for_listing()[:20]),
        ("feed, latest 20", published.for_listing()[:20]),
        ("sitemap, newest 1000", published.order_by("-published_at", "-pk")[:1000]),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
        ),
    )
    parser.add_argument("--verbose", action="store_true", help="Print whole plans.")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY", "explain-only-key-" + "x" * 40),
        ALLOWED_HOSTS="testserver",
        SECURE_HTTPS="0",
        STATIC_MANIFEST="0",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Person, Section

    ctx = {
        "article": Article.objects.published().order_by("-pk").first(),
        "author": Person.objects.annotate(n=Count("bylines")).order_by("-n").first(),
        "section": Section.objects.order_by("pk").first(),
    }
    editor, _ = get_user_model().objects.get_or_create(
        username="explain-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    reader, staff = Client(), Client()
    staff.force_login(editor)
    scans = 0
    print(f"Articles: {Article.objects.count():,}")
    for label, url_for, signed_in in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = (staff if signed_in else reader).get(url_for(ctx))
        assert response.status_code == 200, (label, response.status_code)
        for query in captured.captured_queries:
            if '"articles_article"' in query["sql"]:
                plan = explain(connection, query["sql"])
                scans += report(f"{label}: {kind(query['sql'])}", plan, args.verbose)
    for label, queryset in querysets(ctx):
        scans += report(f"{label}: rows", queryset.explain(analyze=True), args.verbose)
    sys.exit(1 if scans else 0)


def kind(sql):
    for marker, name in (("COUNT(", "count"), ("DATE_TRUNC", "years"), ("MIN(", "first/last")):
        if marker in sql:
            return name
    return "rows"


def explain(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def report(label, plan, verbose):
    seq = "Seq Scan on articles_article" in plan
    indexes = sorted(set(re.findall(r"using (\w+) on articles_article", plan)))
    took = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
    verdict = "SEQ SCAN" if seq else "index"
    print(f"{label:34} {verdict:8} {took:>9} ms  {', '.join(indexes) or '-'}")
    if verbose or seq:
        print(plan)
    return int(seq)


if __name__ == "__main__":
    main()
