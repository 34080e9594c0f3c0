"""RSS and Atom entries read into ``Item``, with feedparser.

The document is first read by defusedxml, which refuses entity declarations, so the
feed parser never sees an entity to expand or fetch. A feed that is not well-formed
still goes to feedparser, whose lenient parser reads what it can.
"""

import calendar
from datetime import UTC, datetime
from html import unescape
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.html import strip_tags

from articles.wire.items import Item, Refused, byline_names, version_number
from articles.wire.ninjs import text_to_html


def _time(parsed) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, OSError, ValueError):  # a year no database stores
        return None


def _plain(html: str) -> str:
    return " ".join(unescape(strip_tags(html or "")).split())


def read_entry(entry) -> Item:
    guid = (entry.get("id") or entry.get("link") or "").strip()
    if not guid:
        raise Refused("The entry has neither an id nor a link.")
    # Read as a plain dict: feedparser's own lookup maps a missing "updated" to "published".
    updated = _time(dict.get(entry, "updated_parsed")) or _time(entry.get("published_parsed"))
    content = entry.get("content") or []
    body = content[0].get("value", "") if content else entry.get("summary", "")
    if body and "<" not in body:
        body = text_to_html(body)
    author = entry.get("author", "")
    return Item(
        guid=guid,
        version=version_number(None, updated),
        headline=_plain(entry.get("title", "")),
        summary=_plain(entry.get("summary", "")) if content else "",
        body_html=body,
        byline=author,
        people=byline_names(author),
        keywords=list(dict.fromkeys(t.get("term", "").strip() for t in entry.get("tags") or ())),
        first_created=_time(entry.get("published_parsed")),
        version_created=updated,
    )


def parse(data: bytes):
    """Each entry of an RSS or Atom document."""
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        yield Refused(f"Unsafe XML refused ({type(exc).__name__}): declarations are not read.")
        return
    except ParseError:
        pass  # not well-formed: feedparser's lenient reading decides below
    feed = feedparser.parse(data, resolve_relative_uris=False)
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no entries"
        yield Refused(f"Not an RSS or Atom feed: {reason}")
        return
    for entry in feed.entries:
        try:
            item = read_entry(entry)
        except Refused as refusal:
            yield refusal
        else:
            item.keywords = [k for k in item.keywords if k]
            yield item
