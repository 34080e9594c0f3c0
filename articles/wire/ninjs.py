"""ninjs items (IPTC's news in JSON), versions 1.x and 2.x, read into ``Item``."""

import json

from django.utils.html import escape

from articles.wire.items import Item, Refused, byline_names, version_number, when

KILLED_STATUSES = {"canceled", "withheld"}


def text_to_html(text: str) -> str:
    """Plain text as paragraphs: a blank line (or, without any, a line break) ends one."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    blocks = text.split("\n\n") if "\n\n" in text else text.split("\n")
    return "".join(f"<p>{escape(' '.join(block.split()))}</p>" for block in blocks if block.strip())


def _is_html(contenttype: str) -> bool:
    contenttype = (contenttype or "").lower()
    return "html" in contenttype or "xml" in contenttype


def _pick(entries, roles=("main", "", None)):
    """From ninjs 2.x role/value objects, the first with a preferred role, else the first."""
    entries = [entry for entry in entries or () if isinstance(entry, dict) and entry.get("value")]
    for role in roles:
        for entry in entries:
            if entry.get("role") == role:
                return entry
    return entries[0] if entries else None


def _body_2x(bodies) -> str:
    entries = [e for e in bodies or () if isinstance(e, dict) and isinstance(e.get("value"), str)]
    rich = [e for e in entries if _is_html(e.get("contenttype", ""))]
    if rich:
        return _pick(rich, ("richtext", "main", "", None))["value"]
    entry = _pick(entries)
    return text_to_html(entry["value"]) if entry else ""


def _names(entries) -> list[str]:
    return [
        str(entry.get("name") or entry.get("literal")).strip()
        for entry in entries or ()
        if isinstance(entry, dict) and (entry.get("name") or entry.get("literal"))
    ]


def is_2x(data: dict) -> bool:
    standard = data.get("$standard") or data.get("standard") or {}
    if isinstance(standard, dict) and str(standard.get("version", "")).startswith("1"):
        return False
    return any(key in data for key in ("headlines", "bodies", "descriptions", "subjects"))


def read_item(data) -> Item:
    if not isinstance(data, dict):
        raise Refused("A ninjs item must be a JSON object.")
    guid = data.get("uri") or data.get("guid")
    if not isinstance(guid, str) or not guid.strip():
        raise Refused("The item has no uri.")
    guid = guid.strip()
    version_created = when(data.get("versioncreated"))
    item = Item(
        guid=guid,
        version=version_number(data.get("version"), version_created),
        embargoed=when(data.get("embargoed")),
        first_created=when(data.get("firstcreated")),
        version_created=version_created,
        killed=str(data.get("pubstatus", "")).lower() in KILLED_STATUSES,
    )
    keywords = [k for k in data.get("keywords") or () if isinstance(k, str)]
    if is_2x(data):
        headline = _pick(data.get("headlines"))
        item.headline = headline["value"] if headline else ""
        summary = _pick(data.get("descriptions"), ("summary", "main", "", None))
        item.summary = summary["value"] if summary else ""
        item.body_html = _body_2x(data.get("bodies"))
        item.byline = data.get("by") or ""
        subjects = [
            s
            for s in data.get("subjects") or ()
            if isinstance(s, dict) and s.get("rel") != "section"
        ]
        item.keywords = [*keywords, *_names(subjects)]
        authors = [p for p in data.get("people") or () if isinstance(p, dict)]
        item.people = _names(p for p in authors if p.get("rel") in ("author", "creator"))
    else:
        item.headline = data.get("headline") or ""
        item.summary = data.get("description_text") or data.get("description_html") or ""
        html = data.get("body_html") or data.get("body_xhtml")
        item.body_html = html if isinstance(html, str) else text_to_html(data.get("body_text"))
        item.byline = data.get("byline") or ""
        item.keywords = [*keywords, *_names(data.get("subject"))]
    for name in ("headline", "summary", "body_html", "byline"):
        value = getattr(item, name)
        setattr(item, name, value if isinstance(value, str) else "")
    item.people = item.people or byline_names(item.byline)
    item.keywords = list(dict.fromkeys(" ".join(k.split()) for k in item.keywords if k.strip()))
    return item


def parse(data: bytes):
    """Each item in a ninjs file (one object, or a list of them): an ``Item`` or ``Refused``."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        yield Refused(f"Not valid JSON: {exc}")
        return
    for entry in document if isinstance(document, list) else [document]:
        try:
            yield read_item(entry)
        except Refused as refusal:
            yield refusal
