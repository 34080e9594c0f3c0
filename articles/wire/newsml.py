"""NewsML-G2 news items (IPTC's XML) read into ``Item``, through defusedxml.

The parser refuses any document type declaration, so no entity can be declared: neither
entity expansion ("billion laughs") nor external entities reach the XML parser.
"""

from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from articles.wire.items import Item, Refused, byline_names, version_number, when
from articles.wire.ninjs import text_to_html

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
KILLED_STATUSES = {"stat:canceled", "stat:withheld"}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _plain_copy(element):
    """A copy of ``element`` with every namespace dropped, so it serializes as plain HTML."""
    copy = Element(_local(element.tag), {_local(k): v for k, v in element.attrib.items()})
    copy.text, copy.tail = element.text, element.tail
    copy.extend(_plain_copy(child) for child in element if isinstance(child.tag, str))
    return copy


def _inner_html(element) -> str:
    parts = [element.text or ""]
    parts += [tostring(_plain_copy(child), encoding="unicode", method="html") for child in element]
    return "".join(parts)


def _body(content_set) -> str:
    """The item's text as HTML: NITF's body.content, XHTML's body, or plain inline text."""
    if content_set is None:
        return ""
    for inline in content_set.iter(f"{NAR}inlineXML"):
        elements = list(inline.iter())
        for name in ("body.content", "body"):
            found = next((e for e in elements if _local(e.tag) == name), None)
            if found is not None:
                return _inner_html(found)
        return "".join(_inner_html(child) for child in inline)
    for inline in content_set.iter(f"{NAR}inlineData"):
        return text_to_html(inline.text or "")
    return ""


def read_item(news_item) -> Item:
    guid = (news_item.get("guid") or "").strip()
    if not guid:
        raise Refused("The newsItem has no guid.")
    meta = news_item.find(f"{NAR}itemMeta")
    content = news_item.find(f"{NAR}contentMeta")
    if meta is None:
        raise Refused("The newsItem has no itemMeta.", guid)
    status = meta.find(f"{NAR}pubStatus")
    version_created = when(_text(meta.find(f"{NAR}versionCreated")))
    item = Item(
        guid=guid,
        version=version_number(news_item.get("version"), version_created),
        first_created=when(_text(meta.find(f"{NAR}firstCreated"))),
        version_created=version_created,
        embargoed=when(_text(news_item.find(f".//{NAR}embargoed"))),
        killed=status is not None and status.get("qcode", "") in KILLED_STATUSES,
    )
    if content is not None:
        item.headline = _text(content.find(f"{NAR}headline"))
        descriptions = content.findall(f"{NAR}description")
        summary = next((d for d in descriptions if "summary" in d.get("role", "")), None)
        item.summary = _text(summary if summary is not None else next(iter(descriptions), None))
        item.byline = _text(content.find(f"{NAR}by"))
        creators = [_text(c.find(f"{NAR}name")) for c in content.findall(f"{NAR}creator")]
        item.people = [name for name in creators if name] or byline_names(item.byline)
        keywords = [_text(k) for k in content.findall(f"{NAR}keyword")]
        subjects = [_text(s.find(f"{NAR}name")) for s in content.findall(f"{NAR}subject")]
        item.keywords = list(dict.fromkeys(k for k in [*keywords, *subjects] if k))
    item.body_html = _body(news_item.find(f"{NAR}contentSet"))
    return item


def parse(data: bytes):
    """Each newsItem of a document (a newsItem, or a newsMessage of several)."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        yield Refused(f"Unsafe XML refused ({type(exc).__name__}): declarations are not read.")
        return
    except (ParseError, ValueError) as exc:
        yield Refused(f"Not well-formed XML: {exc}")
        return
    if root.tag == f"{NAR}newsItem":
        news_items = [root]
    else:
        news_items = list(root.iter(f"{NAR}newsItem"))
    if not news_items:
        yield Refused("No NewsML-G2 newsItem in the document.")
    for news_item in news_items:
        try:
            yield read_item(news_item)
        except Refused as refusal:
            yield refusal
