"""
The article change list's search: full-text and trigram indexes on PostgreSQL.

Each word typed must match the story's headline or dek, its slug, or the name of a person
in its bylines (``nato jamieson``: stories about NATO by Jamieson).

Elsewhere each is a substring match, as Django's admin search does. On PostgreSQL
(indexes by migration 0013) the headline, dek and slug are read as full-text words from
``Article.headline_document`` and its GIN index, stemmed ("troop" finds "troops"); a
word with a hyphen or a digit is also looked for inside slugs, through a trigram index
(``pg_trgm``); a name is looked up among people first. For whole words the two agree.
The stored search document of the reader's search is not used: its GIN index cannot tell
a headline word from a body word, so a word found in every body would make each search
read every story.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.utils.text import smart_split, unescape_string_literal

from articles.models import Byline, Person
from articles.reader.search import SEARCH_CONFIG

WORD = re.compile(r"\w+")
MAX_WORDS = 8
# A name found in more stories than this is matched by a subquery, not a list of ids.
MAX_CREDITED = 5000


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


def indexed_word_matches(word):
    """
    The rule for one word as PostgreSQL's indexes answer it, each part a bitmap the
    planner can combine: the word in the headline document; for a piece of a slug (a
    hyphen, a digit) the slug as a substring; for a person's name the ids of that
    person's stories, looked up first in the small table of people.
    """
    pieces = WORD.findall(word.lower())
    condition = Q(pk__in=[])
    if pieces:
        text = " & ".join(pieces)
        query = SearchQuery(text, search_type="raw", config=SEARCH_CONFIG)
        condition |= Q(headline_document=query)
    if not word.isalpha():
        condition |= Q(slug__icontains=word)
    people = Person.objects.filter(name__icontains=word).values("pk")
    credits = Byline.objects.filter(person__in=people).values_list("article_id", flat=True)
    credited = list(credits[: MAX_CREDITED + 1])
    if len(credited) > MAX_CREDITED:  # a letter or two, in most names: a subquery
        condition |= Q(pk__in=credits)
    elif credited:
        condition |= Q(pk__in=credited)
    return condition


def search(queryset, term):
    """The stories among ``queryset`` that match every word of ``term``."""
    postgresql = connections[queryset.db].vendor == "postgresql"
    condition = Q()
    for word in typed_words(term):
        condition &= indexed_word_matches(word) if postgresql else word_matches(word)
    return queryset.filter(condition)
