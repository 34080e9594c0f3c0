"""
Reader search over published stories, with one interface on every database.

On PostgreSQL the words are matched with full-text search: a weighted document
(headline A, dek B, body C, the same expression the GIN index in the migrations is
built on), ranked by ts_rank, with ts_headline snippets. Elsewhere (SQLite in
development and tests) each word must appear in the headline, dek or body, and
headline matches rank first. Either way the queryset carries ``search_rank`` and
``search_snippet_html`` builds a safe, highlighted snippet.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import Case, FloatField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "english"
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
SNIPPET_CHARS = 220
WORD = re.compile(r"\w+")
# ts_headline marks matches with these private-use characters; the snippet is escaped
# first and only then are they turned into <mark> elements.
MARK_START, MARK_STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)
_MARKDOWN_NOISE = [
    (re.compile(r"\[\[\s*video\s*:[^\]]*\]\]"), " "),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]*>"), " "),
    (re.compile(r"[*#>`]+"), ""),
]


def search_terms(text: str | None) -> list[str]:
    """The reader's words, lower-cased and de-duplicated; punctuation and excess dropped."""
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        # Keep whole words only: a word cut in half would match nothing on PostgreSQL.
        cut = text[: MAX_QUERY_CHARS + 1]
        if cut[-1].isspace():
            text = cut
        else:
            whole_words = cut.rsplit(maxsplit=1)
            text = whole_words[0] if len(whole_words) > 1 else ""
    words = WORD.findall(text.lower())
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search_vector() -> SearchVector:
    """The weighted document; keep in step with the GIN index in the migrations."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def search_articles(queryset, text):
    terms = search_terms(text)
    if not terms:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _full_text(queryset, terms)
    return _substring(queryset, terms)


def _full_text(queryset, terms):
    query = SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIG)
    return (
        queryset.alias(search_document=search_vector())
        .filter(search_document=query)
        .annotate(
            search_rank=SearchRank(search_vector(), query),
            search_headline=SearchHeadline(
                "body",
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _all_terms_in(field, terms):
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__icontains": term})
    return condition


def _substring(queryset, terms):
    matches = Q()
    for term in terms:
        matches &= Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
    rank = Case(
        When(_all_terms_in("headline", terms), then=Value(1.0)),
        When(_all_terms_in("dek", terms), then=Value(0.4)),
        default=Value(0.2),
        output_field=FloatField(),
    )
    return (
        queryset.filter(matches)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )


def plain_text(markdown_text: str) -> str:
    """Markdown reduced to the words a reader sees, on one line."""
    for pattern, replacement in _MARKDOWN_NOISE:
        markdown_text = pattern.sub(replacement, markdown_text)
    return " ".join(markdown_text.split())


def _highlight(text: str, terms: list[str]) -> str:
    """Escape ``text`` and wrap each occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("(" + "|".join(re.escape(term) for term in terms) + ")", re.IGNORECASE)
    parts = pattern.split(text)
    return "".join(
        f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )


def _window(text: str, terms: list[str]) -> str:
    lowered = text.lower()
    positions = [lowered.find(term) for term in terms if term in lowered]
    if not positions or len(text) <= SNIPPET_CHARS:
        start = 0
    else:
        start = max(0, min(positions) - SNIPPET_CHARS // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    window = text[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(text):
        window = window[: window.rfind(" ")] if " " in window else window
        window += " …"
    return ("… " if start else "") + window


def search_snippet_html(article, terms: list[str]) -> SafeString:
    """A short excerpt of the story with the reader's words highlighted, safe to show."""
    headline = getattr(article, "search_headline", None)
    if headline is not None:
        text = plain_text(headline)
        html = "".join(
            f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
            for index, part in enumerate(_MARKED.split(text))
        )
        return mark_safe(html.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308
    return mark_safe(_highlight(_window(plain_text(article.body), terms), terms))  # noqa: S308
