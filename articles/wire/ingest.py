"""Ingest: each item read becomes a story, an update, a kept revision, a kill or a refusal.

Each item is written in its own transaction, so a bad item never leaves half a story and
never stops the rest of a run. Reading the same items again changes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import reversion
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, WireEvent, WireItem
from articles.wire import feeds, mapping, newsml, ninjs, sources
from articles.wire.items import Refused

PARSERS = {"ninjs": ninjs.parse, "newsml": newsml.parse, "feed": feeds.parse}
Outcome = WireEvent.Outcome
# A refusal already logged for the same item within this time is not logged again.
REPEAT_WINDOW = timedelta(hours=24)


@dataclass
class Context:
    """Where items come from and where their stories go."""

    organization: object
    section: object
    credit: str
    source: object = None
    where: str = ""


@dataclass
class Report:
    """What a run did: counts by outcome, and one line per item that was not unchanged."""

    counts: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)

    def add(self, outcome, guid, detail=""):
        self.counts[outcome] += 1
        if outcome != Outcome.UNCHANGED:
            label = Outcome(outcome).label.split(" (")[0]
            self.lines.append(f"{label}: {guid or '(no id)'}" + (f" ({detail})" if detail else ""))

    def summary(self) -> str:
        return ", ".join(f"{self.counts[o]} {o}" for o in Outcome.values)


def log(context, outcome, guid="", version=None, reason="", article=None):
    if outcome == Outcome.REFUSED:
        recent = WireEvent.objects.filter(
            source=context.source,
            organization=context.organization,
            guid=guid,
            reason=reason,
            at__gte=timezone.now() - REPEAT_WINDOW,
        )
        if recent.exists():
            return
    WireEvent.objects.create(
        source=context.source,
        organization=context.organization,
        where=str(context.where)[:500],
        guid=guid[:500],
        version=version,
        outcome=outcome,
        reason=reason,
        article=article,
    )


def ingest_bytes(data: bytes, fmt: str, context: Context, report: Report, progress=None):
    """Every item in one file or feed document."""
    for result in PARSERS[fmt](data):
        if isinstance(result, Refused):
            refuse(context, report, result)
        else:
            ingest_item(result, context, report)
        if progress is not None:
            progress()


def refuse(context, report, refusal):
    with transaction.atomic():
        log(context, Outcome.REFUSED, refusal.guid, reason=refusal.reason)
    report.add(Outcome.REFUSED, refusal.guid or str(context.where), refusal.reason)


def ingest_item(item, context: Context, report: Report):
    try:
        with transaction.atomic():
            outcome, article, detail = _take(item, context)
            if outcome != Outcome.UNCHANGED:
                log(context, outcome, item.guid, item.version, detail, article)
    except Refused as refusal:
        refusal.guid = refusal.guid or item.guid
        refuse(context, report, refusal)
        return
    except (IntegrityError, DataError) as exc:
        # Another run took the same item at the same moment, or a value the database
        # cannot hold: nothing was written, and the next run reads the item again.
        refuse(context, report, Refused(f"Not written: {exc}".strip(), item.guid))
        return
    report.add(outcome, item.guid, detail)


def _take(item, context):
    wire = (
        WireItem.objects.select_for_update(of=("self",))
        .filter(organization=context.organization, guid=item.guid[:500])
        .select_related("article")
        .first()
    )
    if wire is not None and wire.state == WireItem.State.KILLED:
        raise Refused(f"The agency killed this item on {wire.updated_at:%Y-%m-%d %H:%M}.")
    if item.killed:
        return _kill(item, context, wire)
    digest = item.digest()
    if wire is None:
        return _create(item, context, digest)
    if item.version < wire.version or (item.version == wire.version and digest == wire.digest):
        return Outcome.UNCHANGED, wire.article, ""
    article = wire.article
    if article is None:
        raise Refused("Its story was deleted; a newer version is not taken.", item.guid)
    fields = mapping.article_fields(item)
    del fields["slug"]  # the address stays as it was first made
    wire.version, wire.digest = item.version, digest
    wire.embargoed_until = item.embargoed
    if mapping.written_state(article) != wire.written:
        _keep_as_revision(article, fields, item, context)
        wire.pending_version = item.version
        wire.save()
        return Outcome.KEPT, article, f"version {item.version}"
    _write(article, fields, item, context)
    with reversion.create_revision():
        reversion.set_comment(f"Updated from {context.organization} to version {item.version}.")
        reversion.add_to_revision(article)
    wire.written, wire.pending_version = mapping.written_state(article), None
    wire.save()
    return Outcome.UPDATED, article, f"version {item.version}"


def _write(article, fields, item, context):
    for name, value in fields.items():
        setattr(article, name, value)
    if article.status != Article.Status.PUBLISHED:
        article.published_at = item.embargoed
    elif article.is_published():
        article.updated_at = timezone.now()
    article.save()
    mapping.write_credits(article, item, context.organization, context.credit)


def _create(item, context, digest):
    fields = mapping.article_fields(item)
    article = Article(section=context.section, status=Article.Status.DRAFT)
    _write(article, fields, item, context)
    with reversion.create_revision():
        reversion.set_comment(f"Ingested from {context.organization}, version {item.version}.")
        reversion.add_to_revision(article)
    WireItem.objects.create(
        organization=context.organization,
        source=context.source,
        guid=item.guid[:500],
        version=item.version,
        digest=digest,
        article=article,
        written=mapping.written_state(article),
        embargoed_until=item.embargoed,
    )
    return Outcome.NEW, article, ""


def _keep_as_revision(article, fields, item, context):
    """The new version as a revision of the story, for an editor to compare and take;
    the story itself is left as the editor made it."""
    candidate = Article.objects.get(pk=article.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.render_markdown()
    with reversion.create_revision():
        reversion.set_comment(
            f"Version {item.version} from {context.organization}, not applied because the "
            "story was edited here: compare it with the current text and restore it to take it."
        )
        reversion.add_to_revision(candidate)


def _kill(item, context, wire):
    article = wire.article if wire is not None else None
    if wire is None:
        wire = WireItem(organization=context.organization, source=context.source, guid=item.guid)
    wire.state = WireItem.State.KILLED
    wire.version = max(wire.version or 1, item.version)
    wire.digest = item.digest()
    wire.save()
    if article is None:
        return Outcome.KILLED, None, "no story had been made from it"
    was = article.get_status_display()
    article.status = Article.Status.WITHDRAWN
    article.save()
    with reversion.create_revision():
        reversion.set_comment(f"Withdrawn: {context.organization} killed this item.")
        reversion.add_to_revision(article)
    return Outcome.KILLED, article, f"story withdrawn (was {was.lower()})"


def ingest_file(path, fmt, context: Context, report: Report, progress=None):
    context.where = str(path)
    try:
        data = sources.read_file(path)
    except Refused as refusal:
        refuse(context, report, refusal)
        return
    ingest_bytes(data, fmt, context, report, progress)


def ingest_source(source, report: Report, progress=None):
    """Read one source once: its folder's files (moved to done/ or refused/ when read), or
    its feed."""
    context = Context(source.organization, source.section, source.credit, source, source.place)
    if source.feed_url:
        try:
            data = sources.fetch_feed(source.feed_url)
        except Refused as refusal:
            refuse(context, report, refusal)
        else:
            ingest_bytes(data, source.format, context, report, progress)
    else:
        try:
            files = sources.folder_files(source.folder, source.format)
        except Refused as refusal:
            refuse(context, report, refusal)
            files = []
        for path in files:
            before = report.counts[Outcome.REFUSED]
            ingest_file(path, source.format, context, report, progress)
            _file_away(path, "refused" if report.counts[Outcome.REFUSED] > before else "done")
    source.last_read_at = timezone.now()
    source.last_report = report.summary()
    source.save(update_fields=["last_read_at", "last_report"])


def _file_away(path, where):
    target = Path(path).parent / where
    target.mkdir(exist_ok=True)
    Path(path).replace(target / Path(path).name)
