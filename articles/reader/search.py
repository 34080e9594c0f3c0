"""
Reader search over published stories, with one interface on every database.

Readers type what they type into any search engine: words (every one must match),
"quoted phrases", -word or -"phrase" to leave stories out, and OR between two
alternatives. ``parse_query`` reads that once into ``Query``, which both databases use.

On PostgreSQL each story carries its search document, ``Article.search_document``: a
tsvector the database generates from the headline (weight A), dek (B) and body (C)
whenever a row is written, by any path (admin, shell, ``QuerySet.update()``,
``bulk_create``, a SQL import), so it never needs refreshing. A GIN index finds the
matches; the query is PostgreSQL's ``websearch_to_tsquery``. The work per search is
bounded, whatever the words:

- the rank (``ts_rank`` of the stored document) is computed for at most
  ``MAX_RESULTS`` matches, the newest ones: for a word in every story ("said") that is
  the last thousand stories, ranked; for rarer words it is all of them;
- the result count stops at ``MAX_RESULTS`` ("more than 1,000 results");
- a "quoted phrase" is checked (word order needs each story's document) in the newest
  ``PHRASE_WINDOW`` stories that hold all its words;
- ``ts_headline`` snippets are made for the stories on the page shown, in one query.

On other databases (SQLite in development and tests) the stored document is the
lower-cased text, and each word or phrase is a substring match on it: exclusions and
OR work, but without stemming ("troop" finds "troops", "withdraw" does not find
"withdrew"), and headline matches rank first, then dek matches.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "english"
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Searches rank, count and page through at most this many matches, the newest first.
MAX_RESULTS = 1000
# A phrase is looked for among at most this many stories holding all its words, the newest.
PHRASE_WINDOW = 2000
SNIPPET_CHARS = 220
WORD = re.compile(r"\w+")
# A token: an optionally negated "quoted phrase" (the closing quote may be missing), or a
# run of anything but spaces and quotes.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
RELEVANCE, NEWEST = "relevance", "newest"
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


class SearchDocumentField(SearchVectorField):
    """A tsvector on PostgreSQL; plain text elsewhere, where search matches substrings."""

    def db_type(self, connection):
        return super().db_type(connection) if connection.vendor == "postgresql" else "text"


class SearchDocument(Func):
    """
    What ``Article.search_document`` is generated from: headline (A), dek (B), body (C).

    The text-search configuration is written into the expression, which makes it
    immutable, as a generated column requires.
    """

    output_field = SearchDocumentField()

    def __init__(self):
        super().__init__(F("headline"), F("dek"), F("body"))

    def as_sql(self, compiler, connection, **extra_context):
        parts = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        return "LOWER(" + " || ' ' || ".join(f"COALESCE({part}, '')" for part in parts) + ")", []

    def as_postgresql(self, compiler, connection, **extra_context):
        parts = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        weighted = (
            f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE({part}, '')), "
            f"'{weight}')"
            for part, weight in zip(parts, "ABC", strict=True)
        )
        return "(" + " || ".join(weighted) + ")", []


class HeadlineDocument(SearchDocument):
    """
    What ``Article.headline_document`` is generated from: headline, dek and slug,
    unweighted. The admin's search reads it (``articles/admin/article_search.py``).
    """

    def __init__(self):
        Func.__init__(self, F("headline"), F("dek"), F("slug"))

    def as_postgresql(self, compiler, connection, **extra_context):
        parts = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        text = " || ' ' || ".join(f"COALESCE({part}, '')" for part in parts)
        return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {text})", []


@dataclass(frozen=True)
class Alternative:
    """One word, or a phrase of several, that a story must (or, negated, must not) hold."""

    words: tuple[str, ...]
    negated: bool = False

    def websearch(self):
        text = self.words[0] if len(self.words) == 1 else '"' + " ".join(self.words) + '"'
        return ("-" if self.negated else "") + text


@dataclass
class Query:
    """
    A reader's query: every clause must hold, and a clause holds when any of its
    alternatives does (``a b OR c -d`` is a AND (b OR c) AND NOT d).
    """

    clauses: list[list[Alternative]] = field(default_factory=list)

    @property
    def terms(self):
        """The words the reader wants to see, for highlighting; nothing excluded."""
        words = (
            word
            for clause in self.clauses
            for alternative in clause
            if not alternative.negated
            for word in alternative.words
        )
        return list(dict.fromkeys(words))

    def __bool__(self):
        return bool(self.terms)

    @property
    def has_phrase(self):
        return any(len(alternative.words) > 1 for clause in self.clauses for alternative in clause)

    def every_word(self):
        """
        The words every match must hold, with no phrase: a query the GIN index answers
        alone. Clauses with an OR or an exclusion are left out (they constrain nothing
        for sure).
        """
        return Query(
            [
                [Alternative((word,))]
                for clause in self.clauses
                if len(clause) == 1 and not clause[0].negated
                for word in clause[0].words
            ]
        )

    def websearch(self):
        """The query in PostgreSQL's web search syntax, rebuilt from its words alone."""
        return " ".join(
            " or ".join(alternative.websearch() for alternative in clause)
            for clause in self.clauses
        )


def _cut(text):
    """At most MAX_QUERY_CHARS, whole words only: a word cut in half would match nothing."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text[: MAX_QUERY_CHARS + 1]
    if cut[-1].isspace():
        return cut
    whole_words = cut.rsplit(maxsplit=1)
    return whole_words[0] if len(whole_words) > 1 else ""


def parse_query(text: str | None) -> Query:
    """
    The reader's query as clauses of words and phrases, lower-cased, at most MAX_TERMS words.

    >>> parse_query('"troop withdrawal" -russia nato OR eu').websearch()
    '"troop withdrawal" -russia nato or eu'
    """
    query, budget, pending_or = Query(), MAX_TERMS, False
    for match in TOKEN.finditer(_cut(text or "").lower()):
        negated = bool(match[1] or match[3])
        raw = match[2] if match[2] is not None else match[4]
        if match[4] == "or":  # an operator, never a word (it is a stop word anyway)
            pending_or = bool(query.clauses)
            continue
        words = tuple(WORD.findall(raw))[:budget]
        if not words:
            continue
        budget -= len(words)
        alternative = Alternative(words, negated)
        if pending_or:
            query.clauses[-1].append(alternative)
        else:
            query.clauses.append([alternative])
        pending_or = False
        if not budget:
            break
    return query


def search_terms(text: str | None) -> list[str]:
    """The words a reader looks for, lower-cased and de-duplicated; excluded words left out."""
    return parse_query(text).terms


def _is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def _ts_query(query):
    return SearchQuery(query.websearch(), search_type="websearch", config=SEARCH_CONFIG)


def _substring_condition(query):
    condition = Q()
    for clause in query.clauses:
        either = Q()
        for alternative in clause:
            phrase = Q(search_document__contains=" ".join(alternative.words))
            either |= ~phrase if alternative.negated else phrase
        condition &= either
    return condition


def matching(queryset, query):
    """The stories among ``queryset`` that match ``query``, in no particular order."""
    if not query:
        return queryset.none()
    if not _is_postgresql(queryset):
        return queryset.filter(_substring_condition(query))
    words = query.every_word()
    if query.has_phrase and words:
        # The index cannot tell word order: each story holding the words would have its
        # document read to check the phrase. Only the newest PHRASE_WINDOW are.
        window = _newest_first(queryset.filter(search_document=_ts_query(words)))
        queryset = queryset.filter(pk__in=window.values("pk")[:PHRASE_WINDOW])
    return queryset.filter(search_document=_ts_query(query))


def _newest_first(matches):
    return matches.order_by("-published_at", "-pk")


def _substring_rank(query):
    def every_term_in(name):
        condition = Q()
        for term in query.terms:
            condition &= Q(**{f"{name}__icontains": term})
        return condition

    return Case(
        When(every_term_in("headline"), then=Value(1.0)),
        When(every_term_in("dek"), then=Value(0.4)),
        default=Value(0.2),
        output_field=FloatField(),
    )


def _by_relevance(queryset, matches, query):
    if _is_postgresql(queryset):
        # Rank the newest MAX_RESULTS matches only: ts_rank reads each story's stored
        # document, and a word found in every story must not mean reading them all.
        candidates = _newest_first(matches).values("pk")[:MAX_RESULTS]
        ranked = queryset.filter(pk__in=candidates).annotate(
            search_rank=SearchRank(F("search_document"), _ts_query(query))
        )
    else:
        ranked = matches.annotate(search_rank=_substring_rank(query))
    # Among equally good matches, the newer story first.
    return ranked.order_by("-search_rank", "-published_at", "-pk")


def search_articles(queryset, text, order=RELEVANCE):
    """Stories matching the reader's query, best (or, ``order=NEWEST``, newest) first."""
    query = parse_query(text)
    matches = matching(queryset, query)
    if order == NEWEST or not query:
        return _newest_first(matches)
    return _by_relevance(queryset, matches, query)


class SearchResults:
    """
    One search as the paginator reads it: a count that stops at MAX_RESULTS, and pages
    of at most MAX_RESULTS stories, each page with its snippets.
    """

    def __init__(self, queryset, text, order=RELEVANCE):
        self.query = parse_query(text)
        self.order = NEWEST if order == NEWEST else RELEVANCE
        self._queryset = queryset
        self._matches = matching(queryset, self.query)
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self._matches.order_by()[: MAX_RESULTS + 1].count() if self.query else 0
        return min(self._count, MAX_RESULTS)

    @property
    def more(self):
        """Whether more stories match than the count says."""
        self.count()
        return self._count > MAX_RESULTS

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not self.query:
            return []
        if self.order == NEWEST:
            ordered = _newest_first(self._matches)
        else:
            ordered = _by_relevance(self._queryset, self._matches, self.query)
        articles = list(ordered[index])
        add_snippets(articles, self.query, self._queryset.db)
        return articles


def add_snippets(articles, query, using="default"):
    """On PostgreSQL, ``search_headline`` for each of ``articles``, in one query."""
    if not articles or not query or connections[using].vendor != "postgresql":
        return
    model = type(articles[0])
    headlines = dict(
        model.objects.using(using)
        .filter(pk__in=[article.pk for article in articles])
        .annotate(
            search_headline=SearchHeadline(
                "body",
                _ts_query(query),
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            )
        )
        .values_list("pk", "search_headline")
    )
    for article in articles:
        article.search_headline = headlines.get(article.pk)


def _markdown_words(markdown_text: str) -> str:
    """Markdown source (as the database's snippets quote it) reduced to its words, on one
    line: cheaper than rendering it, and near enough for an excerpt."""
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
        text = _markdown_words(headline)
        html = "".join(
            f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
            for index, part in enumerate(_MARKED.split(text))
        )
        return mark_safe(html.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308
    return mark_safe(_highlight(_window(_markdown_words(article.body), terms), terms))  # noqa: S308
