"""
What an uploaded photograph says about itself: IPTC IIM and XMP fields read with Pillow,
to pre-fill the image's caption, credit, rights and date. Nothing read here is stored in
the file (uploads are re-encoded, articles/media/uploads.py).
"""

import datetime
from dataclasses import dataclass, fields
from xml.etree.ElementTree import ParseError

from django.utils import timezone
from PIL import Image as PILImage
from PIL import IptcImagePlugin, UnidentifiedImageError

from articles.instants import storable

# IPTC IIM application record (2) datasets.
IPTC_CAPTION = (2, 120)
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_COPYRIGHT = (2, 116)
IPTC_DATE_CREATED = (2, 55)
IPTC_TIME_CREATED = (2, 60)
# XMP properties, by local name (Pillow drops the namespaces).
XMP_NAMES = {
    "caption": ("description",),
    "creator": ("creator",),
    "credit": ("Credit",),
    "copyright_notice": ("rights",),
    "usage_terms": ("UsageTerms",),
    "taken_at": ("DateCreated",),
    "alt_text": ("AltTextAccessibility",),
}


class MetadataError(ValueError):
    """The file's IPTC or XMP block is damaged."""


@dataclass
class PhotoMetadata:
    caption: str = ""
    creator: str = ""
    credit: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    alt_text: str = ""
    taken_at: datetime.datetime | None = None

    def __bool__(self):
        return any(getattr(self, field.name) for field in fields(self))


def read_metadata(upload) -> PhotoMetadata:
    """The IPTC and XMP fields of an uploaded picture; XMP wins where both are given.

    Raises MetadataError when a block is there but cannot be read.
    """
    upload.seek(0)
    try:
        with PILImage.open(upload) as picture:
            iptc = _iptc(picture)
            xmp = _xmp(picture)
    except UnidentifiedImageError:
        return PhotoMetadata()
    finally:
        upload.seek(0)
    found = PhotoMetadata(**iptc)
    for name, value in xmp.items():
        if value:
            setattr(found, name, value)
    return found


def _iptc(picture) -> dict:
    try:
        info = IptcImagePlugin.getiptcinfo(picture) or {}
    except (SyntaxError, OSError, ValueError, IndexError, KeyError) as exc:
        raise MetadataError("The picture's IPTC block is damaged.") from exc

    def text(key):
        # An empty dataset reads as None, alone or in a list of repeated ones.
        value = info.get(key) or b""
        if isinstance(value, list):
            value = b"; ".join(part for part in value if part)
        return _clean(value.decode("utf-8", errors="replace"))

    taken_at = _iptc_date(text(IPTC_DATE_CREATED), text(IPTC_TIME_CREATED))
    return {
        "caption": text(IPTC_CAPTION),
        "creator": text(IPTC_BYLINE),
        "credit": text(IPTC_CREDIT),
        "copyright_notice": text(IPTC_COPYRIGHT),
        "taken_at": taken_at,
    }


def _iptc_date(date, time):
    try:
        day = datetime.datetime.strptime(date, "%Y%m%d")
    except ValueError:
        return None
    try:
        moment = datetime.datetime.strptime(time[:6], "%H%M%S").time()
    except ValueError:
        moment = datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(day.date(), moment))


def _xmp(picture) -> dict:
    if "xmp" not in picture.info and "XML:com.adobe.xmp" not in picture.info:
        return {}
    found = {}
    try:
        tree = picture.getxmp()
        for name, local_names in XMP_NAMES.items():
            for local in local_names:
                value = _find(tree, local)
                if value is not None:
                    found[name] = _text(value)
                    break
    # defusedxml's refusals are ValueErrors; Pillow and _find walk the tree recursively,
    # so elements nested a thousand deep end in RecursionError.
    except (ParseError, ValueError, RecursionError) as exc:
        raise MetadataError("The picture's XMP block is damaged.") from exc
    if "taken_at" in found:
        found["taken_at"] = _xmp_date(found["taken_at"])
    return found


def _find(tree, key):
    """The first value under ``key`` anywhere in Pillow's nested XMP dictionaries."""
    if isinstance(tree, dict):
        if key in tree:
            return tree[key]
        children = tree.values()
    elif isinstance(tree, list):
        children = tree
    else:
        return None
    for child in children:
        value = _find(child, key)
        if value is not None:
            return value
    return None


def _text(value) -> str:
    """An XMP value as text: a language alternative's default, a list's items joined."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list):
        texts = [_text(item) for item in value]
        return "; ".join(text for text in texts if text)
    if isinstance(value, dict):
        for key in ("Alt", "Seq", "Bag", "li"):
            if key in value:
                items = value[key]
                if key == "li" and isinstance(items, list):
                    default = [
                        item
                        for item in items
                        if isinstance(item, dict) and item.get("lang") == "x-default"
                    ]
                    items = default[0] if default else items
                return _text(items)
        return _clean(value.get("text", ""))
    return ""


def _xmp_date(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    try:
        moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    except (OverflowError, ValueError):
        return None
    return storable(moment)


def _clean(text) -> str:
    return " ".join(str(text).replace("\x00", "").split())


def prefill(image, found: PhotoMetadata) -> list[str]:
    """Fill ``image``'s empty fields from ``found``; return the names of those filled.

    The creator and the credit are matched by name to existing people and organizations;
    when either has no match, the credit is kept as free text instead, as the file wrote it.
    """
    from django.apps import apps
    from django.db.models import Q

    Person = apps.get_model("articles", "Person")
    Organization = apps.get_model("articles", "Organization")
    filled = []
    for name in ("alt_text", "caption", "copyright_notice", "usage_terms", "taken_at"):
        value = getattr(found, name)
        if value and not getattr(image, name):
            field = image._meta.get_field(name)
            if isinstance(value, str) and getattr(field, "max_length", None):
                value = value[: field.max_length]
            setattr(image, name, value)
            filled.append(name)
    if image.photographer_id or image.agency_id or image.credit:
        return filled
    if not (found.creator or found.credit):
        return filled
    person = Person.objects.filter(name__iexact=found.creator).first() if found.creator else None
    agency = (
        Organization.objects.filter(
            Q(name__iexact=found.credit) | Q(short_name__iexact=found.credit)
        ).first()
        if found.credit
        else None
    )
    if bool(found.creator) == bool(person) and bool(found.credit) == bool(agency):
        image.photographer, image.agency = person, agency
        filled += [name for name, row in (("photographer", person), ("agency", agency)) if row]
    else:
        image.credit = "/".join(part for part in (found.creator, found.credit) if part)[:200]
        filled.append("credit")
    return filled
