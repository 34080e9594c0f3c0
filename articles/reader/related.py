"""
Onward journeys under a story: "Related" and "More from <section>".

Related: the stories an editor chose for it, in their order, then stories sharing at
least one of its tags. On PostgreSQL those are ranked: each shared tag counts two, the
same section one, and the sum is divided by the story's age in days plus one, so a close
match from last week can still beat a loose one from today. Elsewhere (SQLite) they come
by the number of shared tags, then the same section, newest first. Never the story
itself, never a story readers cannot see now.

More from <section>: the section's newest stories not already shown.

Three queries, whatever the number of tags and stories: the related stories (the editor's
chosen ones whatever their state, so the page carries their keys), the section's, and the
next instant one of these lists gains a scheduled story. Each depends only on the story's
id and section and the instant, so each is compiled once per process
(``articles.reader.prepared``).
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.conf import setting
from articles.delivery import keys
from articles.reader.prepared import PreparedQuery, id_marker, instant_marker

UNSHOWN = ("body", "body_html", "created_by")


@dataclass
class Onward:
    related: list = field(default_factory=list)
    more_from_section: list = field(default_factory=list)
    chosen_pks: set = field(default_factory=set)
    changes_at: datetime | None = None

    def content_keys(self, article):
        """The stories shown and chosen, and the lists whose changes change these ones."""
        tags = {keys.articles_of("tag", tag.pk) for tag in article.tags.all()}
        return (
            keys.of_listed([*self.related, *self.more_from_section])
            | {keys.thing("article", pk) for pk in self.chosen_pks}
            | {keys.articles_of("section", article.section_id), keys.thing("related", article.pk)}
            | tags
        )


def _age_in_days(now):
    return Func(
        Value(now, output_field=DateTimeField()),
        F("published_at"),
        arg_joiner=" - ",
        template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
        output_field=FloatField(),
    )


def _candidates(pk):
    """The editor's choices for article ``pk``, and the taggings of stories sharing a tag."""
    from articles.models import Article, RelatedArticle

    chosen = RelatedArticle.objects.filter(article_id=pk)
    own_tags = Article.tags.through.objects.filter(article_id=pk).values("tag_id")
    tagged = Article.tags.through.objects.filter(tag_id__in=own_tags)
    return chosen, tagged


def _related_rows(pk, section, now, limit):
    from articles.models import Article

    chosen, tagged = _candidates(pk)
    shared_tags = (
        tagged.filter(article_id=OuterRef("pk"))
        .values("article_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .filter(
            Q(pk__in=chosen.values("related_id"))
            | Q(Article.objects.published_q(now), pk__in=tagged.values("article_id"))
        )
        .exclude(pk=pk)
        .select_related("section", "lead_image")
        .defer(*UNSHOWN)
        .annotate(
            chosen_order=Subquery(chosen.filter(related_id=OuterRef("pk")).values("order")[:1]),
            shared_tags=Coalesce(Subquery(shared_tags, output_field=IntegerField()), 0),
            same_section=Case(
                When(section_id=section, then=1), default=0, output_field=IntegerField()
            ),
        )
    )
    if connections[rows.db].vendor == "postgresql":
        rows = rows.annotate(
            rank=(F("shared_tags") * 2.0 + F("same_section")) / (_age_in_days(now) + 1.0)
        ).order_by(F("chosen_order").asc(nulls_last=True), "-rank", "-published_at", "-pk")
    else:
        rows = rows.order_by(
            F("chosen_order").asc(nulls_last=True),
            "-shared_tags",
            "-same_section",
            "-published_at",
            "-pk",
        )
    return rows[:limit]


def _section_rows(section, now, limit):
    from articles.models import Article

    return Article.objects.published(now).in_section(section).for_listing().defer(*UNSHOWN)[:limit]


def _next_change_rows(pk, section, now):
    from articles.models import Article

    chosen, tagged = _candidates(pk)
    return (
        Article.objects.filter(
            Q(section_id=section)
            | Q(pk__in=tagged.values("article_id"))
            | Q(pk__in=chosen.values("related_id"))
        )
        .exclude(pk=pk)
        .scheduled(now)
        .order_by("published_at")
        .only("published_at")[:1]
    )


@functools.cache
def _queries(related_limit, section_limit):
    """The three queries, compiled once per process for these list lengths."""
    from articles.models import Article

    pk, section, now = id_marker("pk"), id_marker("section"), instant_marker("now")
    return (
        PreparedQuery(
            Article,
            lambda pk, section, now: _related_rows(pk, section, now, related_limit),
            pk,
            section,
            now,
        ),
        PreparedQuery(
            Article,
            lambda section, now: _section_rows(section, now, section_limit),
            section,
            now,
        ),
        PreparedQuery(Article, _next_change_rows, pk, section, now),
    )


def onward(article, now=None) -> Onward:
    """What follows ``article`` (fetched with ``for_page()``) on its page."""
    now = now or timezone.now()
    count = setting("NEWSROOM_RELATED_ARTICLES")
    more = setting("NEWSROOM_MORE_FROM_SECTION")
    # The section's list is read long enough to fill it after the story and its related
    # ones are left out, so that its query keeps the same parameters for every story.
    related, section_list, next_change = _queries(count * 3, more + count + 1)
    result = Onward()
    rows = related.fetch(pk=article.pk, section=article.section_id, now=now)
    result.chosen_pks = {row.pk for row in rows if row.chosen_order is not None}
    result.related = [row for row in rows if row.is_published(now)][:count]
    shown = {article.pk, *(row.pk for row in result.related)}
    newest = section_list.fetch(section=article.section_id, now=now)
    result.more_from_section = [row for row in newest if row.pk not in shown][:more]
    upcoming = next_change.fetch(pk=article.pk, section=article.section_id, now=now)
    result.changes_at = upcoming[0].published_at if upcoming else None
    return result
