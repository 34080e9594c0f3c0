"""What every wire format is read into: one item, or the reason it was refused."""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.instants import storable


class Refused(Exception):
    """An item (or a whole file) that cannot be taken, with the reason editors read."""

    def __init__(self, reason: str, guid: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.guid = guid


@dataclass
class Item:
    """One agency item, in the words of no particular format."""

    guid: str
    version: int = 1
    headline: str = ""
    summary: str = ""
    body_html: str = ""
    byline: str = ""
    people: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    embargoed: datetime | None = None
    first_created: datetime | None = None
    version_created: datetime | None = None
    killed: bool = False

    def digest(self) -> str:
        """A fingerprint of the item's content: the same item read twice has the same one."""
        data = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
BYLINE_NOISE = re.compile(r"^\s*by\s+|\([^)]*\)", re.IGNORECASE)


def byline_names(text: str) -> list[str]:
    """The people a byline statement names: “By Ann Lee and Bo Ma (AP)” is Ann Lee, Bo Ma."""
    cleaned = BYLINE_NOISE.sub("", " ".join((text or "").split()))
    names = [" ".join(name.split()) for name in BYLINE_SPLIT.split(cleaned)]
    return list(dict.fromkeys(name for name in names if name))


def when(value) -> datetime | None:
    """An ISO 8601 time from an item as an aware datetime (UTC when it names no zone)."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return storable(parsed)


def version_number(value, fallback: datetime | None = None) -> int:
    """An item's version as a number: the agency's own, else its version time in seconds."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = 0
    if number > 0:
        return number
    if fallback is not None:
        return int(fallback.timestamp())
    return 1
