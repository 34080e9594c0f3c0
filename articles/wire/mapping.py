"""What an item becomes: the story's fields, people, credit and tags, from an ``Item``."""

import hashlib
import json
import re

from django.utils.text import slugify

from articles.markdown import plain_text, sanitize
from articles.models import Article, Attribution, Byline, Person, Tag
from articles.models.wire import Credit
from articles.wire.items import Refused

BLOCK_END = re.compile(r"(</(?:p|h[2-6]|ul|ol|blockquote|table|pre|figure|div)>)\s*")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#])")
HEADLINE_MAX = Article._meta.get_field("headline").max_length
DEK_MAX = Article._meta.get_field("dek").max_length


def clean_text(text) -> str:
    return " ".join(str(text or "").split())


def body_markdown(html: str) -> str:
    """The item's HTML, sanitized to the site's allow-list, one block per paragraph.

    The body is stored as Markdown, which keeps HTML blocks as they are; a ``[[`` from
    the agency is written as an entity so it can never place one of our videos.
    """
    cleaned = sanitize(html or "").replace("[[", "&#91;&#91;")
    return BLOCK_END.sub(r"\1\n\n", cleaned).strip()


def article_fields(item) -> dict:
    """The story's own fields, or Refused when the item has no headline or no text."""
    headline = clean_text(item.headline)
    if not headline:
        raise Refused("The item has no headline.", item.guid)
    body = body_markdown(item.body_html)
    if not plain_text_of(body):
        raise Refused("The item has no text once cleaned (scripts and markup removed).", item.guid)
    summary = clean_text(item.summary)
    return {
        "headline": headline[:HEADLINE_MAX],
        "slug": slugify(headline)[:200] or "wire",
        "dek": MARKDOWN_SPECIALS.sub(r"\\\1", summary)[:DEK_MAX],
        "body": body,
    }


def plain_text_of(body: str) -> str:
    return plain_text(re.sub(r"<[^>]*>", " ", body))


def unique_person_slug(name: str) -> str:
    base = slugify(name)[:190] or "wire-author"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def person_named(name: str) -> Person:
    """The person with this name, matched case-insensitively, or a new one without an account."""
    name = clean_text(name)[:200]
    found = Person.objects.filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return found
    return Person.objects.create(name=name, slug=unique_person_slug(name))


def tags_for(keywords) -> list[Tag]:
    tags = {}
    for keyword in keywords:
        name = clean_text(keyword)[:100]
        slug = slugify(name)[:100]
        if slug and slug not in tags:
            tags[slug] = Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
    return list(tags.values())


def write_credits(article, item, organization, credit):
    """Bylines for the people the item names, the agency's credit, and the keywords as tags."""
    agency = clean_text(organization.name).casefold()
    people = [name for name in item.people if clean_text(name).casefold() != agency]
    article.bylines.all().delete()
    article.attributions.all().delete()
    rows = [person_named(name) for name in people]
    if credit == Credit.BYLINE:
        rows.append(person_named(organization.name))
    for order, person in enumerate(dict.fromkeys(rows)):
        Byline.objects.create(article=article, person=person, role=Byline.Role.BY, order=order)
    if credit == Credit.ATTRIBUTION:
        Attribution.objects.create(
            article=article, organization=organization, phrase=Attribution.Phrase.CONTRIBUTED
        )
    article.tags.set(tags_for(item.keywords))


def written_state(article) -> str:
    """A fingerprint of the story as readers and editors see it (fields and credits)."""
    state = {
        "fields": [
            str(getattr(article, name))
            for name in ("headline", "slug", "dek", "body", "section_id", "status", "published_at")
        ],
        "bylines": sorted(article.bylines.values_list("person_id", "role")),
        "attributions": sorted(
            article.attributions.values_list(
                "organization_id", "person_id", "phrase", "custom_phrase"
            ),
            key=str,
        ),
        "tags": sorted(article.tags.values_list("pk", flat=True)),
    }
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()
