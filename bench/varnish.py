"""
The seed article through Varnish, against the bare Django ceiling, run by ``bench/varnish``.

1. Prepares a PostgreSQL database (default ``newsroom_bench``) with the reference article.
2. Starts gunicorn servers with the same worker settings: the bare Django project serving
   a 15 KB page (``bench/bare/``), and Newsroom with the production settings, the page
   cache in Redis and ``VARNISH_PURGE_URLS`` set; then varnishd with
   ``deploy/varnish/newsroom.vcl`` (its backend port changed) in front of Newsroom.
3. Measures, in interleaved rounds, the bare page, the seed article through Varnish, and
   the seed article from Newsroom's own page cache, with wrk (or the Python generator);
   reports each round's ratio to the bare page and the medians.
4. Saves the seed article (as the admin does, through the ORM with the same settings) and
   times how long Varnish takes to serve the new text, several times.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import (  # noqa: E402 (needs the project on the path)
    FORWARDED,
    Server,
    add_load_arguments,
    bench_parser,
    fetch,
    load_average,
    median_of,
    prepare_data,
    seed_path,
    server_environment,
    start_load,
    stop_group,
    wait_for,
)

VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"


def parse_args():
    parser = bench_parser(__doc__, articles=False)
    add_load_arguments(parser, connections=16, port=8951, ports="three")
    parser.add_argument("--saves", type=int, default=5, help="Timed saves of the seed article.")
    parser.add_argument("--varnishd", default=shutil.which("varnishd") or "/usr/sbin/varnishd")
    return parser.parse_args()


class Varnish:
    def __init__(self, binary, port, backend_port):
        self.port = port
        self.workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-varnish-"))
        self.workdir.chmod(0o755)  # varnishd reads the VCL as an unprivileged user
        vcl = self.workdir / "newsroom.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        vcl.chmod(0o644)
        self.process = subprocess.Popen(
            [binary, "-F", "-n", str(self.workdir / "state"), "-a", f"127.0.0.1:{port}"]
            + ["-T", "none", "-f", str(vcl), "-s", "malloc,256m"],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, timeout=30):
        wait_for(self.process, self.url("/healthz"), "varnishd", timeout)

    def stop(self):
        stop_group(self.process, timeout=15)
        shutil.rmtree(self.workdir, ignore_errors=True)


def time_saves(varnish, path, count):
    """Seconds from the start of each save to Varnish serving the saved text."""
    from articles.models import Article

    article = Article.objects.get(pk=int(path.rstrip("/").rsplit("-n", 1)[1]))
    original, seconds = article.dek, []
    try:
        for number in range(1, count + 1):
            marker = f"(bench save {number} at {time.time():.0f})"
            fetch(varnish.url(path))
            started = time.monotonic()
            article.dek = f"{original} {marker}"
            article.save()
            while marker.encode() not in fetch(varnish.url(path))[1]:
                if time.monotonic() - started > 10:
                    raise SystemExit("Varnish still served the old page 10 s after a save")
                time.sleep(0.005)
            seconds.append(time.monotonic() - started)
    finally:
        article.dek = original
        article.save()
    return seconds


def main():
    args = parse_args()
    env = server_environment(args)
    varnish_port = args.port + 2
    env.update(
        {
            "CACHE_URL": args.redis_url,
            "PAGE_CACHE": "1",
            "VARNISH_PURGE_URLS": f"http://127.0.0.1:{varnish_port}",
        }
    )
    prepare_data(argparse.Namespace(articles=0, database_url=args.database_url), env)
    article = seed_path()
    subprocess.run(["redis-cli", "-u", args.redis_url, "FLUSHDB"], capture_output=True, check=False)
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare.settings"}
    bare = Server("bare Django", args.port, bare_env, args.workers, "bench.bare.wsgi")
    newsroom = Server("Newsroom", args.port + 1, env, args.workers)
    varnish = None
    try:
        bare.wait()
        newsroom.wait()
        varnish = Varnish(args.varnishd, varnish_port, newsroom.port)
        varnish.wait()
        plan = [
            ("bare Django, 15 KB (the ceiling)", bare.url("/bench/trivial/")),
            ("seed article through Varnish", varnish.url(article)),
            ("seed article, Newsroom's Redis cache", newsroom.url(article)),
        ]
        for label, url in plan:
            status, body = fetch(url)
            if status != 200:
                raise SystemExit(f"{label}: {status}")
            print(f"  {label}: 200, {len(body):,} bytes")
        load, _ = start_load([(url, FORWARDED) for _, url in plan], args)
        print(f"Load average before the rounds {load_average()}")
        results = {label: [] for label, _ in plan}
        header = f"{'page':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'errors':>6}"
        for number in range(1, args.rounds + 1):
            figures = {label: load(url, FORWARDED, args) for label, url in plan}
            ceiling = figures[plan[0][0]]["rps"]
            print(f"\nRound {number}\n{header}")
            for label, _ in plan:
                row = {**figures[label], "ratio": figures[label]["rps"] / ceiling}
                results[label].append(row)
                print(
                    f"{label:40} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} "
                    f"{row['ratio']:6.2f} {row['errors']:6d}"
                )
        print(f"\nMedian of {args.rounds} rounds; load average after {load_average()}\n{header}")
        for label, _ in plan:
            rows = results[label]
            errors = sum(row["errors"] for row in rows)
            print(
                f"{label:40} {median_of(rows, 'rps'):9.0f} {median_of(rows, 'p50'):8.2f} "
                f"{median_of(rows, 'p99'):8.2f} {median_of(rows, 'ratio'):6.2f} {errors:6d}"
            )
        seconds = time_saves(varnish, article, args.saves)
        print(
            f"\nFrom a save of the seed article to Varnish serving it, {len(seconds)} saves: "
            f"median {statistics.median(seconds) * 1000:.0f} ms, "
            f"longest {max(seconds) * 1000:.0f} ms"
        )
    finally:
        if varnish is not None:
            varnish.stop()
        newsroom.stop()
        bare.stop()


if __name__ == "__main__":
    main()
