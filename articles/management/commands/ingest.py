"""Read wire copy: every active source once, or one file (see articles/wire/)."""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from articles.models import Organization, Section, WireSource
from articles.models.wire import Credit, Format
from articles.wire.ingest import Context, Report, ingest_file, ingest_source

logger = logging.getLogger(__name__)


def guess_format(path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return Format.NINJS
    if suffix in (".rss", ".atom"):
        return Format.FEED
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return Format.FEED
    return Format.NEWSML if b"iptc.org/std/nar" in head else Format.FEED


class Command(BaseCommand):
    help = (
        "Read every active wire source once (run it every minute), or import one file with "
        "--file. Prints what each item became: new, updated, unchanged, kept, killed, refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Import this file (inside a drop folder).")
        parser.add_argument("--organization", help="The agency's name or slug (with --file).")
        parser.add_argument("--format", choices=Format.values, help="Guessed when not given.")
        parser.add_argument("--section", help="The section's slug (with --file).")
        parser.add_argument("--credit", choices=Credit.values, default=Credit.ATTRIBUTION)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        show = not options["no_progress"]
        if options["file"]:
            report = self.import_file(options, show)
        else:
            report = Report()
            sources = WireSource.objects.filter(active=True).select_related(
                "organization", "section"
            )
            for source in sources:
                with tqdm(desc=source.name, unit=" items", disable=not show) as bar:
                    try:
                        ingest_source(source, report, progress=bar.update)
                    except Exception:  # one broken source must not stop the others
                        logger.exception("Reading the wire source %s failed", source)
                        report.add("refused", source.name, "reading the source failed; see the log")
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(report.summary())

    def import_file(self, options, show):
        name = options["organization"]
        if not name:
            raise CommandError("--file needs --organization (the agency's name or slug).")
        organization = Organization.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
        if organization is None:
            raise CommandError(f"No organization is named {name!r}.")
        section = self.section_for(organization, options["section"])
        path = options["file"]
        context = Context(organization, section, options["credit"])
        report = Report()
        with tqdm(desc=Path(path).name, unit=" items", disable=not show) as bar:
            ingest_file(path, options["format"] or guess_format(path), context, report, bar.update)
        return report

    def section_for(self, organization, slug):
        if slug:
            section = Section.objects.filter(slug=slug).first()
            if section is None:
                raise CommandError(f"No section has the slug {slug!r}.")
            return section
        source = organization.wire_sources.select_related("section").first()
        section = source.section if source else Section.objects.first()
        if section is None:
            raise CommandError("There is no section to put stories in; create one first.")
        return section
