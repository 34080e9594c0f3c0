"""
The article change list's search at 100,000 articles in PostgreSQL, one client.

Prepares the database as ``bench/run`` does (``pages.prepare_data``: migrate, generate the
articles, load the seed), signs a superuser in and measures in process, with the
production settings, one request at a time, the p50 and p99 of the change list
unfiltered and searched for one common word, one rare word, a person's name, part of a
slug and three words (the view and its template; no HTTP server in between), and the
SQL part of each.
Run: ``.venv/bin/python bench/admin_search.py``.
"""

import argparse
import os
import platform
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages, readers

CHANGELIST = "/admin/articles/article/"
SEARCHES = (
    ("unfiltered", ""),
    ("one word: nato", "nato"),
    ("one word: minister", "minister"),
    ("one rare word", None),
    ("a name", None),
    ("part of a slug", None),
    ("three words", None),
)


def parse_args():
    parser = pages.bench_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="Requests per search.")
    return parser.parse_args()


def searches():
    """The searches measured; the rare word, the name and the slug come from the data."""
    from articles.models import Article, Person

    rare = Article.objects.order_by("-pk").values_list("headline", flat=True).first().split()
    person = Person.objects.order_by("pk").values_list("name", flat=True).first()
    slug = Article.objects.order_by("pk").values_list("slug", flat=True)[500]
    three = Article.objects.order_by("pk").values_list("headline", flat=True)[700].split()
    found = {
        "one rare word": max(rare, key=len),
        "a name": person.split()[-1],
        "part of a slug": slug[2:14],
        "three words": " ".join(sorted(three, key=len, reverse=True)[:3]),
    }
    return [(label, term if term is not None else found[label]) for label, term in SEARCHES]


def main():
    args = parse_args()
    env = pages.server_environment(argparse.Namespace(database_url=args.database_url))
    env.update({"PAGE_CACHE": "0"})
    print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {pages.cpu_model()}")
    pages.prepare_data(args, env)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, _ = get_user_model().objects.get_or_create(
        username=pages.BENCH_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(f"In process, production settings; each search {args.repeat} times, one client")
    print(readers.HEADER + "  SQL p50 ms")
    for label, term in searches():
        path = CHANGELIST + ("?" + urllib.parse.urlencode({"q": term}) if term else "")
        client.get(path, secure=True)  # warm
        latencies, sql, statuses = [], [], {}
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status = client.get(path, secure=True).status_code
                latencies.append((time.perf_counter() - started) * 1000)
            sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        row = readers.row(f"{label} ({term})"[:34], latencies, statuses)
        print(f"{row}  {statistics.median(sql):10.1f}")


if __name__ == "__main__":
    main()
