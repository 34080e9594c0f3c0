"""
The article change list's search: full-text and trigram indexes on PostgreSQL.

Each word typed must match the story's headline or dek, its slug, or the name of a person
in its bylines (``nato jamieson``: stories about NATO by Jamieson).

On PostgreSQL the headline and dek are read from the stored search document
(``Article.search_document``, GIN-indexed), as prefixes of its weight A and B words
(``nato:*AB``: "troop" finds "troops"); the slug and the people's names are matched as
substrings through trigram indexes (``pg_trgm``, migration 0013). Elsewhere every field is
a substring match, as Django's admin search does. For whole words the two agree.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Exists, OuterRef, Q
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


def _in_headline_or_dek(word, postgresql):
    if not postgresql:
        return Q(headline__icontains=word) | Q(dek__icontains=word)
    pieces = WORD.findall(word.lower())
    if not pieces:
        return Q(pk__in=[])
    # Every piece of the word, as a prefix of a headline (A) or dek (B) lexeme.
    text = " & ".join(f"{piece}:*AB" for piece in pieces)
    return Q(search_document=SearchQuery(text, search_type="raw", config=SEARCH_CONFIG))


def _by_name(word):
    return Exists(
        Byline.objects.filter(article=OuterRef("pk"), person__name__icontains=word).values("pk")
    )


def word_matches(word, postgresql):
    return _in_headline_or_dek(word, postgresql) | Q(slug__icontains=word) | Q(_by_name(word))


def search(queryset, term):
    """The stories among ``queryset`` that match every word of ``term``."""
    postgresql = connections[queryset.db].vendor == "postgresql"
    condition = Q()
    for word in typed_words(term):
        condition &= word_matches(word, postgresql)
    return queryset.filter(condition)
