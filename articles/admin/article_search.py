"""
The article change list's search: one full-text index on PostgreSQL, no join.

Each word typed must match the story's headline or dek, its slug, or the name of a person
in its bylines (``nato jamieson``: stories about NATO by Jamieson).

Elsewhere each is a substring match, as Django's admin search does. On PostgreSQL every
word is looked for in ``Article.admin_search_document``: headline, dek, slug and the
bylines' names (``Article.byline_names``, kept by triggers: migration 0020) as full-text
words, stemmed ("troop" finds "troops"), all words in one query of its GIN index, so
that the index intersects them itself; a word with a hyphen or a digit is also looked for
inside slugs, through a trigram index (``pg_trgm``). For whole words the two agree.
The stored search document of the reader's search is not used: its GIN index cannot tell
a headline word from a body word, so a word found in every body would make each search
read every story.
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


def word_matches(word):
    """The rule for one word, on any database."""
    return (
        Q(headline__icontains=word)
        | Q(dek__icontains=word)
        | Q(slug__icontains=word)
        | Q(Exists(Byline.objects.filter(article=OuterRef("pk"), person__name__icontains=word)))
    )


def _tsquery(words):
    pieces = [piece for word in words for piece in WORD.findall(word.lower())]
    if not pieces:
        return None
    return SearchQuery(" & ".join(pieces), search_type="raw", config=SEARCH_CONFIG)


def indexed_matches(words):
    """
    The rule for all the words as PostgreSQL's indexes answer it: the words that are
    words (letters only) in one query of the search document, so a single scan of its
    GIN index finds the stories holding them all; each other word (a piece of a slug,
    with a hyphen or a digit) in the document or, as a substring, in the slug.
    """
    plain = [word for word in words if word.isalpha()]
    condition = Q()
    query = _tsquery(plain)
    if query is not None:
        condition &= Q(admin_search_document=query)
    for word in words:
        if word.isalpha():
            continue
        query = _tsquery([word])
        found = Q(slug__icontains=word)
        if query is not None:
            found |= Q(admin_search_document=query)
        condition &= found
    return condition


def search(queryset, term):
    """The stories among ``queryset`` that match every word of ``term``."""
    words = typed_words(term)
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(indexed_matches(words))
    condition = Q()
    for word in words:
        condition &= word_matches(word)
    return queryset.filter(condition)
