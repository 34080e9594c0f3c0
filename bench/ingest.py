"""
Wire ingest speed: 1,000 generated ninjs items, as new stories, read again unchanged, and as
newer versions; prints items per second for each pass.

    .venv/bin/python bench/ingest.py [--items 1000] [--database-url postgres://...]

With no database address it migrates a throwaway SQLite database in a temporary folder;
with one, it uses that database (its wire rows and stories are added to what is there).
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--per-file", type=int, default=1, help="Items in each file.")
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def item(n, version):
    return {
        "uri": f"urn:bench:wire:{n}",
        "version": str(version),
        "versioncreated": "2026-06-11T09:00:00Z",
        "type": "text",
        "headlines": [{"role": "main", "value": f"Generated wire story number {n} (v{version})"}],
        "descriptions": [{"role": "summary", "value": f"Summary of story {n}."}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": "".join(
                    f"<p>Paragraph {p} of story {n}, <b>v{version}</b>.</p>" for p in range(8)
                ),
            }
        ],
        "by": f"Reporter {n % 50} and Reporter {(n + 7) % 50}",
        "subjects": [{"name": f"Topic {n % 30}"}, {"name": "Generated"}],
    }


def write_files(folder, count, per_file, version):
    for old in folder.glob("*.json"):
        old.unlink()
    for start in range(0, count, per_file):
        items = [item(n, version) for n in range(start, min(count, start + per_file))]
        data = items[0] if per_file == 1 else items
        (folder / f"items-{start:06d}.json").write_text(json.dumps(data))


def run_pass(folder, label, count):
    from django.core.management import call_command

    from articles.models import Organization

    organization = Organization.objects.get(slug="bench-wire")
    out = io.StringIO()
    started = time.perf_counter()
    for path in sorted(folder.glob("*.json")):
        call_command(
            "ingest",
            "--file",
            str(path),
            "--organization",
            organization.slug,
            "--section",
            "bench-wire",
            "--format",
            "ninjs",
            "--no-progress",
            stdout=out,
        )
    seconds = time.perf_counter() - started
    print(f"{label:<28} {count:>6} items {seconds:8.2f} s {count / seconds:9.1f} items/s")


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-ingest-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["NEWSROOM_WIRE_FOLDERS"] = str(workdir)
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Organization, Section

    call_command("migrate", verbosity=0)
    Organization.objects.get_or_create(slug="bench-wire", defaults={"name": "Bench Wire"})
    Section.objects.get_or_create(slug="bench-wire", defaults={"name": "Bench wire"})
    folder = workdir / "drop"
    folder.mkdir()
    database = "PostgreSQL" if "postgres" in os.environ["DATABASE_URL"] else "SQLite"
    print(f"Ingest of {args.items} ninjs items, {args.per_file} per file, on {database}")
    write_files(folder, args.items, args.per_file, version=1)
    run_pass(folder, "new stories", args.items)
    run_pass(folder, "read again (unchanged)", args.items)
    write_files(folder, args.items, args.per_file, version=2)
    run_pass(folder, "newer versions (updated)", args.items)


if __name__ == "__main__":
    main()
