"""
Reader pages at scale, run by ``bench/readers``: search and every reader URL pattern
against 100,000 generated articles in PostgreSQL, page cache off.

1. Prepares the database as ``bench/run`` does (``pages.prepare_data``), plus one tag on
   every fifth article and a correction on every hundredth, so that the tag and
   corrections pages have an archive to page through.
2. Picks the queries from the corpus itself: the 20 most common words, 20 rare ones (in a
   handful of articles each) and 20 multi-word queries (pairs, phrases, exclusions, OR).
3. Starts one gunicorn server with the production settings and measures, with one client
   at a time, search p50 and p99 for each group (each query several times) and the p50 and
   p99 of every reader URL pattern (home, deep pages, ``?page=last``, section, tag, author,
   feeds, sitemap index and pages, news sitemap, corrections, an article).
4. Under load (wrk, 16 connections): the common-word searches and the sitemap index,
   reporting non-2xx answers, socket errors and gunicorn worker timeouts.

Timings vary with the machine and what else runs on it; the script reports, it does not
judge.
"""

import argparse
import http.client
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages

ROOT = pages.ROOT
FORWARDED = pages.FORWARDED
BENCH_TAG = "bench-topic"


def parse_args():
    parser = pages.bench_parser(__doc__)
    parser.add_argument("--port", type=int, default=8911)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--repeat", type=int, default=5, help="Requests per search query.")
    parser.add_argument("--url-repeat", type=int, default=20, help="Requests per reader URL.")
    parser.add_argument("--duration", type=int, default=15, help="Seconds of each wrk run.")
    parser.add_argument("--connections", type=int, default=16)
    return parser.parse_args()


def prepare_extras():
    """A tag on every fifth article and a correction on every hundredth, once."""
    from django.db import connection

    from articles.models import Correction, Tag

    tag, created = Tag.objects.get_or_create(slug=BENCH_TAG, defaults={"name": "Bench topic"})
    if created:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_article_tags (article_id, tag_id) "
                "SELECT id, %s FROM articles_article WHERE id %% 5 = 0 ON CONFLICT DO NOTHING",
                [tag.pk],
            )
    if not Correction.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, published_at FROM articles_article "
                "WHERE id % 100 = 0 AND published_at IS NOT NULL"
            )
            rows = cursor.fetchall()
        Correction.objects.bulk_create(
            [correction_for(article_id, published_at) for article_id, published_at in rows],
            batch_size=1000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


CORRECTION = "An earlier version of this article misstated a date."


def correction_for(article_id, published_at):
    from articles.markdown import markdown_to_html
    from articles.models import Correction

    return Correction(
        article_id=article_id,
        kind=Correction.Kind.CORRECTION,
        text=CORRECTION,
        text_html=markdown_to_html(CORRECTION),
        published_at=published_at,
    )


def corpus_queries():
    """20 common words, 20 rare words and 20 multi-word queries, from the stored documents."""
    from django.db import connection

    with connection.cursor() as cursor:
        # ts_stat reads every document once: the benchmark's setup, never a reader's request.
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_document FROM articles_article') "
            "WHERE word ~ '^[a-z]{3,}$' ORDER BY ndoc DESC, word"
        )
        stats = cursor.fetchall()
        # The documents hold stems ("minist"); a reader types words ("minister").
        cursor.execute(
            "SELECT string_agg(headline || ' ' || dek || ' ' || body, ' ') FROM ("
            "(SELECT headline, dek, body FROM articles_article ORDER BY id LIMIT 2000) UNION ALL "
            "(SELECT headline, dek, body FROM articles_article ORDER BY id DESC LIMIT 20)"
            ") sample"
        )
        words = sorted(set(re.findall(r"[a-z]{3,}", cursor.fetchone()[0].lower())))
        cursor.execute(
            "SELECT w, (SELECT lexeme FROM unnest(to_tsvector('english', w)) LIMIT 1) "
            "FROM unnest(%s::text[]) AS w",
            [words],
        )
        surface = {}
        for word, lexeme in cursor.fetchall():
            if lexeme and (lexeme not in surface or len(word) < len(surface[lexeme])):
                surface[lexeme] = word
    stats = [(surface[stem], ndoc) for stem, ndoc in stats if stem in surface]
    common = [word for word, _ in stats[:20]]
    rare = [word for word, ndoc in stats if 1 <= ndoc <= 20][:20]
    if len(rare) < 20:
        rare += [word for word, _ in reversed(stats) if word not in rare][: 20 - len(rare)]
    pairs = [common[i] + " " + common[(i * 7 + 3) % 20] for i in range(6)]
    phrases = [f'"{common[i]} {common[i + 1]}"' for i in range(6, 10)]
    exclusions = [f"{common[i]} -{common[(i + 5) % 20]}" for i in range(10, 14)]
    alternatives = [f"{rare[i]} OR {rare[i + 1]}" for i in range(0, 6, 2)]
    mixed = [f"{common[0]} {rare[10]}", f'"{common[1]}" {common[2]} -{rare[11]}']
    multi = (pairs + phrases + exclusions + alternatives + mixed + [" ".join(common[:6])])[:20]
    return {"common words": common, "rare words": rare, "multi-word": multi}


def reader_urls():
    """One or more URLs of each reader URL pattern, with a label."""
    from articles.models import Article, Person, Section, Tag

    section = Section.objects.order_by("position", "pk").first()
    person = Person.objects.filter(bylines__isnull=False).order_by("pk").first()
    tag = Tag.objects.get(slug=BENCH_TAG)
    article = Article.objects.published().select_related("section").order_by("-pk").first()
    return [
        ("home", "/"),
        ("home ?page=2", "/?page=2"),
        ("home ?page=2500 (deep)", "/?page=2500"),
        ("home ?page=last", "/?page=last"),
        ("section", section.get_absolute_url()),
        ("section ?page=300 (deep)", section.get_absolute_url() + "?page=300"),
        ("section ?page=last", section.get_absolute_url() + "?page=last"),
        ("tag", tag.get_absolute_url()),
        ("tag ?page=last", tag.get_absolute_url() + "?page=last"),
        ("author", person.get_absolute_url()),
        ("author ?page=last", person.get_absolute_url() + "?page=last"),
        ("article", article.get_absolute_url()),
        ("feed RSS", "/feed/"),
        ("feed Atom", "/feed/atom/"),
        ("section feed", section.get_absolute_url() + "feed/"),
        ("author feed", person.get_absolute_url() + "feed/"),
        ("corrections", "/corrections/"),
        ("corrections ?page=last", "/corrections/?page=last"),
        ("corrections feed", "/corrections/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap articles p=1", "/sitemap-articles.xml"),
        ("sitemap articles p=100", "/sitemap-articles.xml?p=100"),
        ("sitemap sections", "/sitemap-sections.xml"),
        ("sitemap authors", "/sitemap-authors.xml"),
        ("news sitemap", "/news-sitemap.xml"),
        ("robots.txt", "/robots.txt"),
    ]


def search_url(query):
    return "/search/?" + urllib.parse.urlencode({"q": query})


class Client:
    """One keep-alive connection, one request at a time."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path):
        started = time.perf_counter()
        try:
            self.conn.request("GET", path, headers=FORWARDED)
            response = self.conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            status = 0
        return status, (time.perf_counter() - started) * 1000


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def measure(client, paths, repeat):
    """Latencies in ms over ``repeat`` rounds of ``paths``, and the statuses seen."""
    for path in paths:
        client.get(path)  # warm: templates compiled, the connection open
    latencies, statuses = [], {}
    for _ in range(repeat):
        for path in paths:
            status, took = client.get(path)
            latencies.append(took)
            statuses[status] = statuses.get(status, 0) + 1
    return latencies, statuses


def row(label, latencies, statuses):
    codes = ",".join(f"{code}x{n}" for code, n in sorted(statuses.items()))
    return (
        f"{label:34} {len(latencies):5d} {statistics.median(latencies):9.1f} "
        f"{percentile(latencies, 0.99):9.1f} {max(latencies):9.1f}  {codes}"
    )


HEADER = f"{'':34} {'reqs':>5} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}  statuses"


def wrk_run(port, paths, args):
    """wrk with ``paths`` in turn; returns wrk's figures and its report."""
    script = "paths = {" + ", ".join(f'"{path}"' for path in paths) + "}\n"
    script += (
        "i = 0\n"
        'wrk.headers["X-Forwarded-Proto"] = "https"\n'
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    command = [
        "wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
        "--timeout", "30s", "-s", lua.name, f"http://127.0.0.1:{port}/",
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(lua.name)
    return pages.parse_wrk(output), output


def start_server(args, env, log):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "newsroom.wsgi",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
    ]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Client(args.port).get("/robots.txt")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def main():
    args = parse_args()
    env = pages.server_environment(argparse.Namespace(database_url=args.database_url))
    env.update({"PAGE_CACHE": "0", "GUNICORN_LOG_LEVEL": "warning"})
    print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {pages.cpu_model()}")
    pages.prepare_data(args, env)
    prepare_extras()
    queries = corpus_queries()
    urls = reader_urls()
    timeout = env.get("READER_STATEMENT_TIMEOUT", "3 (default)")
    print(
        f"gunicorn: {args.workers} workers, page cache off, production settings, "
        f"reader statement timeout {timeout} s"
    )
    for group, words in queries.items():
        print(f"  {group}: {', '.join(words)}")
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = start_server(args, env, log)
    try:
        client = Client(args.port)
        print(f"\nSearch, one client, each query {args.repeat} times")
        print(HEADER)
        for group, words in queries.items():
            latencies, statuses = measure(client, [search_url(q) for q in words], args.repeat)
            print(row(f"search: {group}", latencies, statuses))
        print(f"\nReader URLs, one client, each {args.url_repeat} times")
        print(HEADER)
        for label, path in urls:
            latencies, statuses = measure(client, [path], args.url_repeat)
            print(row(label, latencies, statuses))
        if shutil.which("wrk"):
            print(f"\nUnder load: wrk, {args.connections} connections, {args.duration} s each")
            print(f"{'':34} {'req/s':>7} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
            for label, paths in [
                ("common-word searches", [search_url(q) for q in queries["common words"]]),
                ("sitemap index", ["/sitemap.xml"]),
            ]:
                figures, _ = wrk_run(args.port, paths, args)
                print(
                    f"{label:34} {figures['rps']:7.1f} {figures['p50']:9.1f} "
                    f"{figures['p99']:9.1f} {figures['errors']:7d}"
                )
        else:
            print("\nwrk is not installed: the run under load is skipped.")
    finally:
        pages.Server.stop(server_handle(server))
        log.seek(0)
        server_log = log.read()
        log.close()
        os.unlink(log.name)
    timeouts = server_log.count("WORKER TIMEOUT")
    errors = server_log.count("Internal Server Error")
    print(f"\ngunicorn log: {timeouts} worker timeouts, {errors} internal server errors")


def server_handle(process):
    handle = pages.Server.__new__(pages.Server)
    handle.process = process
    return handle


if __name__ == "__main__":
    main()
