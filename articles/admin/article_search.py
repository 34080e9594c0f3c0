"""
The article change list's search: full-text and trigram indexes on PostgreSQL.

Each word typed must match the story's headline or dek, its slug, or the name of a person
in its bylines (``nato jamieson``: stories about NATO by Jamieson).

On PostgreSQL each word is looked up in three indexes (migration 0013) and the stories
found are joined: the headline and dek as full-text words, stemmed ("troop" finds
"troops"), in a GIN index of their own; the slug and the people's names as substrings,
in trigram indexes (``pg_trgm``). The stored search document is not used: its GIN index
cannot tell a headline word from a body word, so a word found in every body would make
each search read every story. Elsewhere every field is a substring match, as Django's
admin search does. For whole words the two agree.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections
from django.db.models import Exists, F, Func, OuterRef, Q
from django.utils.text import smart_split, unescape_string_literal

from articles.models import Byline
from articles.reader.search import SEARCH_CONFIG

WORD = re.compile(r"\w+")
MAX_WORDS = 8


def typed_words(term):
    """The words of an admin search, as Django's admin splits them ("quoted" kept whole)."""
    words = []
    for bit in smart_split(term or ""):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit)
    return words[:MAX_WORDS]


class HeadlineAndDek(Func):
    """The headline and dek as a tsvector: the expression of the index of migration 0013."""

    template = f"to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(%(expressions)s, ''))"
    arg_joiner = ", '') || ' ' || COALESCE("
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("headline"), F("dek"))


def _in_headline_or_dek(queryset, word):
    pieces = WORD.findall(word.lower())
    if not pieces:
        return queryset.none()
    # Every piece of the word, stemmed as the reader search stems it ("troops": "troop").
    text = " & ".join(pieces)
    query = SearchQuery(text, search_type="raw", config=SEARCH_CONFIG)
    return queryset.alias(headline_and_dek=HeadlineAndDek()).filter(headline_and_dek=query)


def word_matches(word, postgresql, model):
    by_name = Byline.objects.filter(person__name__icontains=word).order_by()
    if not postgresql:
        return (
            Q(headline__icontains=word)
            | Q(dek__icontains=word)
            | Q(slug__icontains=word)
            | Q(Exists(by_name.filter(article=OuterRef("pk"))))
        )
    # One index answers each part; an OR across them in one WHERE would read every story.
    stories = model.objects.order_by()
    ids = (
        _in_headline_or_dek(stories, word)
        .values("pk")
        .union(
            stories.filter(slug__icontains=word).values("pk"),
            by_name.values("article_id"),
            all=True,
        )
    )
    return Q(pk__in=ids)


def search(queryset, term):
    """The stories among ``queryset`` that match every word of ``term``."""
    words = typed_words(term)
    # Several words' id lists joined make PostgreSQL's planner loop over each other's
    # matches (seconds at 100,000 stories): they take the substring search for now.
    postgresql = connections[queryset.db].vendor == "postgresql" and len(words) == 1
    condition = Q()
    for word in words:
        condition &= word_matches(word, postgresql, queryset.model)
    return queryset.filter(condition)
