"""
Newsroom's benchmark, run by ``bench/run``.

1. Prepares a PostgreSQL database (default ``newsroom_bench``) holding at least N generated
   articles plus the reference article, and collects the static files.
2. Starts gunicorn servers with the same settings: a bare Django project serving a 15 KB
   page (the ceiling, ``bench/bare/``), and Newsroom with the production settings three
   times, identical but for the page cache: off, in local memory, in Redis.
3. Measures, in interleaved rounds, both ceilings (the bare project's page, and the same
   page through Newsroom's middleware), the reference article rendered from its rows with
   every cache off and from each cache, the home page, a search and the admin changelist
   signed in; each with wrk (or a small Python load generator when wrk is missing).
4. Reads the newest 2,000 articles with a Zipf-like skew, alternating quiet rounds with
   rounds in which an editor saves one of them every second (``bench/editor.py``), on the
   Redis-cached server and the uncached one; reports req/s while editing over req/s quiet.
5. Prints requests/s, p50 and p99 per round, and each figure's ratio to the bare ceiling
   (and to the in-project one) measured in the same round, then the medians over rounds.

Requests carry ``X-Forwarded-Proto: https`` as they would behind the TLS-terminating proxy,
so the servers run with HTTPS redirects, HSTS and secure cookies on.
"""

import argparse
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

from bench.zipf import Zipf, wrk_script  # noqa: E402 (needs the project on the path)

SEED_SLUG = "nato-no-sign-of-russian-troop-withdrawal-from-ukraine-border"
FORWARDED = {"X-Forwarded-Proto": "https"}
BENCH_USER = "bench-editor"


def bench_parser(doc, *, articles=True):
    """An argument parser, described by the first paragraph of ``doc``, with the options
    every benchmark takes: its database (and how many articles it must hold)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    if articles:
        parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
        ),
    )
    return parser


def add_load_arguments(parser, *, connections, port, ports):
    """The options of a benchmark that loads gunicorn servers in rounds (``ports`` servers
    on consecutive ports from ``port``)."""
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    parser.add_argument("--duration", type=int, default=5, help="Seconds per measurement.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=connections)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers per server."
    )
    parser.add_argument("--port", type=int, default=port, help=f"First of {ports} ports.")
    parser.add_argument("--python-load", action="store_true", help="Use the Python generator.")


def parse_args():
    parser = bench_parser(__doc__)
    add_load_arguments(parser, connections=8, port=8901, ports="four")
    parser.add_argument(
        "--read-articles", type=int, default=2000, help="Articles read in the editing rounds."
    )
    parser.add_argument(
        "--editing-duration", type=int, default=10, help="Seconds per editing/quiet round."
    )
    parser.add_argument("--search", default="nato", help="The search query measured.")
    return parser.parse_args()


def server_environment(args):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_PROXY_SSL_HEADER": "1",
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(ROOT / "staticfiles"),
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LOG_LEVEL": "ERROR",
        "GUNICORN_LOG_LEVEL": "warning",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CACHE_URL", None)
    return env


def manage(env, *command):
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True)


def ensure_database(url):
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def prepare_data(args, env):
    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from articles.models import Article, Person

    have = Article.objects.count()
    if have < args.articles:
        seed = 1
        while Person.objects.filter(slug__startswith=f"g{seed}-").exists():
            seed += 1
        started = time.monotonic()
        manage(
            env, "generate_newsroom", "--articles", str(args.articles - have), "--seed", str(seed)
        )
        print(f"Generated {args.articles - have} articles in {time.monotonic() - started:.1f} s.")
        subprocess.run(["psql", args.database_url, "-qc", "VACUUM ANALYZE"], check=False, cwd=ROOT)
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput", "-v0")
    print(f"Articles in the database: {Article.objects.count():,}")


def bench_session():
    """A signed-in editor's session cookie, made in the database the servers share."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(secrets.token_urlsafe(20))
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def seed_path():
    from articles.models import Article

    return Article.objects.get(slug=SEED_SLUG).get_absolute_url()


class Server:
    def __init__(self, name, port, env, workers, application="newsroom.wsgi"):
        self.name, self.port = name, port
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                application,
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, timeout=30):
        wait_for(self.process, self.url("/bench/trivial/"), f"gunicorn for {self.name}", timeout)

    def stop(self):
        stop_group(self.process)


def wait_for(process, url, name, timeout=30):
    """Return once ``url`` answers; stop the benchmark if ``process`` exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not answer within {timeout} s")


def stop_group(process, timeout=10):
    """End a server started in its own session, and the processes it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers={**FORWARDED, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, headers, args, script=None):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "10s"]
    if script:
        command += ["--script", script]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    """Requests/s, p50 and p99 in milliseconds, and the error count from wrk --latency."""
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "errors": (int(bad.group(1)) if bad else 0)
        + (sum(int(count) for count in socket.groups()) if socket else 0),
    }


def run_python_load(url, headers, args, paths=None):
    """A keep-alive load generator for machines without wrk (slower: it shares the GIL).

    With ``paths`` (most read first), each request draws one with a Zipf-like skew."""
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    choose = Zipf(len(paths), random.Random()) if paths else None
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + args.duration

    def worker():
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", paths[choose()] if paths else path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": errors[0],
    }


def measurements(servers, article, session, search_query):
    bare, plain, local, redis = servers
    signed_in = {"Cookie": f"sessionid={session}"}
    return [
        ("ceiling: bare Django, 15 KB", bare, "/bench/trivial/", {}),
        ("ceiling: Newsroom middleware, 15 KB", plain, "/bench/trivial/", {}),
        ("seed article, rendered from rows", plain, article, {}),
        ("seed article, local-memory cache", local, article, {}),
        ("seed article, Redis cache", redis, article, {}),
        ("home page, uncached", plain, "/", {}),
        (f"search ?q={search_query}", plain, f"/search/?q={search_query}", {}),
        ("admin changelist, signed in", plain, "/admin/articles/article/", signed_in),
    ]


def main():
    args = parse_args()
    env = server_environment(args)
    print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {cpu_model()}")
    prepare_data(args, env)
    article, session = seed_path(), bench_session()
    print_cpu_per_request(article)
    subprocess.run(["redis-cli", "-u", args.redis_url, "FLUSHDB"], capture_output=True, check=False)
    caches = [
        ("uncached", {"PAGE_CACHE": "0"}),
        ("local memory", {"PAGE_CACHE": "1"}),
        ("Redis", {"PAGE_CACHE": "1", "CACHE_URL": args.redis_url}),
    ]
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare.settings"}
    servers = [Server("bare Django", args.port, bare_env, args.workers, "bench.bare.wsgi")]
    servers += [
        Server(name, args.port + offset, {**env, **extra}, args.workers)
        for offset, (name, extra) in enumerate(caches, start=1)
    ]
    try:
        for server in servers:
            server.wait()
        plan = measurements(servers, article, session, args.search)
        active = []
        for label, server, path, headers in plan:
            status, body = fetch(server.url(path), headers)
            if status == 200:
                active.append((label, server, path, headers))
                print(f"  {label}: 200, {len(body):,} bytes")
            else:
                print(f"  {label}: {status}, reported as n/a")
        load, use_wrk = start_load(
            [(server.url(path), {**FORWARDED, **headers}) for _, server, path, headers in active],
            args,
        )
        load_before = load_average()
        results = {label: [] for label, *_ in plan}
        for number in range(1, args.rounds + 1):
            round_results = {}
            for label, server, path, headers in active:
                round_results[label] = load(server.url(path), {**FORWARDED, **headers}, args)
            ceilings = [round_results[plan[0][0]]["rps"], round_results[plan[1][0]]["rps"]]
            print(f"\nRound {number}")
            print_table(plan, round_results, ceilings)
            for label, figures in round_results.items():
                results[label].append(
                    {
                        **figures,
                        "ratio": figures["rps"] / ceilings[0],
                        "in_project": figures["rps"] / ceilings[1],
                    }
                )
        print(f"\nLoad average before the rounds {load_before}, after {load_average()}")
        print(f"\nMedian of {args.rounds} rounds (ratios: medians of the per-round ratios)")
        print_summary(plan, results)
        print_solo_latency(active, load, args)
        print_editing_rounds(servers, env, load, use_wrk, args)
    finally:
        for server in servers:
            server.stop()


def start_load(targets, args):
    """The load generator (wrk where it is installed) after one short run on each of
    ``targets`` (url, headers), so that every worker has compiled its templates and opened
    its connection before the rounds; and whether it is wrk."""
    use_wrk = bool(shutil.which("wrk")) and not args.python_load
    load = run_wrk if use_wrk else run_python_load
    warm_up = argparse.Namespace(**{**vars(args), "duration": 1})
    for url, headers in targets:
        load(url, headers, warm_up)
    print(
        f"Load: {'wrk' if use_wrk else 'Python generator'}, {args.connections} connections, "
        f"{args.duration} s each, {args.rounds} rounds, {args.workers} gunicorn workers/server"
    )
    return load, use_wrk


def median_of(rows, key):
    return statistics.median(row[key] for row in rows)


def read_paths(count):
    """The newest ``count`` published articles' addresses and ids, newest (most read) first."""
    from articles.models import Article

    articles = Article.objects.published().select_related("section")[:count]
    return [(article.get_absolute_url(), article.pk) for article in articles]


def print_editing_rounds(servers, env, load, use_wrk, args):
    """Readers on a skewed spread of articles, quiet and while an editor saves one a second."""
    _, plain, _, redis = servers
    articles = read_paths(args.read_articles)
    paths, pks = [path for path, _ in articles], [str(pk) for _, pk in articles]
    timed = argparse.Namespace(**{**vars(args), "duration": args.editing_duration})
    script = None
    if use_wrk:
        script = ROOT / "bench" / ".zipf.lua"
        script.write_text(wrk_script(paths))

    def read(server, duration_args=timed):
        if use_wrk:
            return run_wrk(server.url("/"), FORWARDED, duration_args, str(script))
        return run_python_load(server.url("/"), FORWARDED, duration_args, paths)

    def editing(server):
        editor_env = {**env, **({"CACHE_URL": args.redis_url} if server is redis else {})}
        editor = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "editor.py"), str(args.editing_duration + 1), *pks],
            env=editor_env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            return read(server)
        finally:
            editor.wait(args.editing_duration + 30)

    print(
        f"\nReading the newest {len(paths):,} articles (Zipf-like skew), {timed.duration} s "
        "rounds, quiet and while an editor saves one of them each second"
    )
    # Every article read once first, so that quiet and editing rounds start from a full
    # cache (each server's workers have opened their connections too).
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.connections) as pool:
        list(pool.map(lambda path: fetch(redis.url(path)), paths))
    print(f"Cache filled with {len(paths):,} articles in {time.monotonic() - started:.0f} s")
    read(plain, argparse.Namespace(**{**vars(args), "duration": 3}))
    ratios = {"Redis cache": [], "uncached": []}
    print(f"{'server':14} {'round':>5} {'quiet req/s':>12} {'editing req/s':>14} {'ratio':>6}")
    for number in range(1, args.rounds + 1):
        for label, server in (("Redis cache", redis), ("uncached", plain)):
            # Alternate which comes first, so that a drift over the run favours neither.
            if number % 2:
                quiet, busy = read(server), editing(server)
            else:
                busy, quiet = editing(server), read(server)
            ratios[label].append(busy["rps"] / quiet["rps"])
            print(
                f"{label:14} {number:5d} {quiet['rps']:12.0f} {busy['rps']:14.0f} "
                f"{busy['rps'] / quiet['rps']:6.2f}"
            )
    for label, values in ratios.items():
        median = statistics.median(values)
        print(f"{label}: editing/quiet, median of {len(values)} rounds: {median:.2f}")
    if script:
        script.unlink(missing_ok=True)


def print_table(plan, figures_by_label, ceilings):
    print(
        f"{'page':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'in-proj':>7} "
        f"{'errors':>6}"
    )
    for label, *_ in plan:
        figures = figures_by_label.get(label)
        if figures is None:
            print(f"{label:40} {'n/a':>9} {'n/a':>8} {'n/a':>8} {'n/a':>6}")
            continue
        print(
            f"{label:40} {figures['rps']:9.0f} {figures['p50']:8.2f} {figures['p99']:8.2f} "
            f"{figures['rps'] / ceilings[0]:6.2f} {figures['rps'] / ceilings[1]:7.2f} "
            f"{figures['errors']:6d}"
        )


def print_summary(plan, results):
    print(f"{'page':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'in-proj':>7}")
    for label, *_ in plan:
        rows = results[label]
        if not rows:
            print(f"{label:40} {'n/a':>9} {'n/a':>8} {'n/a':>8} {'n/a':>6}")
            continue

        print(
            f"{label:40} {median_of(rows, 'rps'):9.0f} {median_of(rows, 'p50'):8.2f} "
            f"{median_of(rows, 'p99'):8.2f} {median_of(rows, 'ratio'):6.2f} "
            f"{median_of(rows, 'in_project'):7.2f}"
        )


def print_cpu_per_request(article, requests=100):
    """
    The CPU one request costs this process, page cache off, measured in-process with
    Django's test client: a figure other work on the machine disturbs far less than the
    throughput of servers competing with it for the cores (database time excluded).
    """
    from django.contrib.auth import get_user_model
    from django.test import Client

    reader = Client(SERVER_NAME="localhost", HTTP_X_FORWARDED_PROTO="https")
    editor = Client(SERVER_NAME="localhost", HTTP_X_FORWARDED_PROTO="https")
    editor.force_login(get_user_model().objects.get(username=BENCH_USER))
    pages = [
        ("ceiling: Newsroom middleware, 15 KB", reader, "/bench/trivial/"),
        ("seed article", reader, article),
        ("home page", reader, "/"),
        ("admin changelist, signed in", editor, "/admin/articles/article/"),
    ]
    print(f"\nCPU per request in this process, page cache off, {requests} requests each")
    print(f"{'page':40} {'cpu ms':>8} {'ratio':>6}")
    ceiling = None
    for label, client, path in pages:
        for _ in range(10):
            assert client.get(path).status_code == 200, path
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        cost = (time.process_time() - started) * 1000 / requests
        ceiling = ceiling or cost
        print(f"{label:40} {cost:8.2f} {ceiling / cost:6.2f}")


def print_solo_latency(active, load, args):
    """Latency with a single client: the service time of a page, without queueing."""
    solo = argparse.Namespace(**{**vars(args), "connections": 1, "threads": 1})
    print(f"\nOne client at a time, {solo.duration} s each")
    print(f"{'page':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for label, server, path, headers in active:
        if label.startswith("ceiling"):
            continue
        figures = load(server.url(path), {**FORWARDED, **headers}, solo)
        print(f"{label:40} {figures['rps']:9.0f} {figures['p50']:8.2f} {figures['p99']:8.2f}")


def load_average():
    """The machine's 1-minute load average: other work on the machine skews every figure."""
    return f"{os.getloadavg()[0]:.2f}"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
