"""
Onward journeys under a story: "Related" and "More from <section>".

Related: the stories an editor chose for it, in their order, then stories sharing at
least one of its tags, among the newest ``CANDIDATES`` of those (so that a tag on tens of
thousands of stories costs what a rare one does). On PostgreSQL those are ranked: each
shared tag counts two, the same section one, and the sum is divided by the story's age in
days plus one, so a close match from last week can still beat a loose one from today.
Elsewhere (SQLite) they come by the number of shared tags, then the same section, newest
first. Never the story itself, never a story readers cannot see now.

More from <section>: the section's newest stories not already shown.

Four queries, whatever the number of tags and stories: the editor's choices (whatever
their state, so the page carries their keys), the automatic ones, the section's, and the
next instant one of these lists gains a scheduled story. Each depends only on the story's
id and the instant (the database reads the story's section itself), so each is compiled
once per process, and the four travel with the story's own queries
(``articles.reader.prepared``, ``article_page``).
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
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

from articles.conf import setting
from articles.delivery import keys
from articles.reader.prepared import PreparedQuery, id_marker, instant_marker

# What an onward list shows of a story: its headline, date and address (and what says
# whether readers may see it).
SHOWN = ("headline", "slug", "status", "published_at", "section", "section__slug")


@dataclass
class Onward:
    related: list = field(default_factory=list)
    more_from_section: list = field(default_factory=list)
    chosen_pks: set = field(default_factory=set)
    live_chosen_pks: set = field(default_factory=set)
    changes_at: datetime | None = None

    def content_keys(self, article):
        """The lists these are drawn from, and the live stories an editor chose (one not
        live is not named: it going live, or a live one going, purges ``related:N``).

        Not the key of every story shown: the newest stories of a section are under every
        story of it, and an edit to one must not stale them all. A story joining or leaving
        a list (published, withdrawn, rescheduled, moved, tagged) purges the list's key, so
        these lists never show a story readers cannot see; an edited headline reaches them
        when the page's lifetime ends.
        """
        tags = {keys.articles_of("tag", tag.pk) for tag in article.tags.all()}
        return (
            {keys.thing("article", pk) for pk in self.live_chosen_pks}
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


# The automatic list ranks the newest stories (by id) sharing a tag, at most this many: a
# tag on tens of thousands of stories costs no more than one on a few.
CANDIDATES = 200


def _taggings_sharing_a_tag(pk):
    """The taggings of every story that shares a tag with article ``pk``."""
    from articles.models import Article

    own_tags = Article.tags.through.objects.filter(article_id=pk).values("tag_id")
    return Article.tags.through.objects.filter(tag_id__in=own_tags)


def _chosen_rows(pk):
    """The editor's choices for article ``pk``, in their order, whatever their state."""
    from articles.models import RelatedArticle

    return (
        RelatedArticle.objects.filter(article_id=pk)
        .select_related("related__section")
        .only("order", "related", *(f"related__{name}" for name in SHOWN))
        .order_by("order", "pk")
    )


def _automatic_rows(pk, section, now, limit):
    """Live stories sharing a tag with article ``pk``, best first, among the newest ones."""
    from articles.models import Article

    tagged = _taggings_sharing_a_tag(pk)
    # Read from the taggings' (tag, article) index alone: the newest stories by id.
    newest = tagged.exclude(article_id=pk).order_by("-article_id").values("article_id")[:CANDIDATES]
    shared_tags = (
        tagged.filter(article_id=OuterRef("pk"))
        .values("article_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = (
        Article.objects.published(now)
        .filter(pk__in=newest)
        .select_related("section")
        .only(*SHOWN)
        .annotate(
            shared_tags=Coalesce(Subquery(shared_tags, output_field=IntegerField()), 0),
            same_section=Case(
                When(section_id=section, then=1), default=0, output_field=IntegerField()
            ),
        )
    )
    if connections[rows.db].vendor == "postgresql":
        rows = rows.annotate(
            rank=(F("shared_tags") * 2.0 + F("same_section")) / (_age_in_days(now) + 1.0)
        ).order_by("-rank", "-published_at", "-pk")
    else:
        rows = rows.order_by("-shared_tags", "-same_section", "-published_at", "-pk")
    return rows[:limit]


def _section_rows(section, now, limit):
    from articles.models import Article

    return (
        Article.objects.published(now)
        .in_section(section)
        .select_related("section")
        .only(*SHOWN)
        .order_by("-published_at", "-pk")[:limit]
    )


def _next_change_rows(pk, section, now):
    """The next story to go live in the section, among those sharing a tag, or chosen."""
    from articles.models import Article, RelatedArticle

    own_tags = Article.tags.through.objects.filter(article_id=pk).values("tag_id")
    shares_a_tag = Exists(
        Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=own_tags)
    )
    chosen = Exists(RelatedArticle.objects.filter(article_id=pk, related_id=OuterRef("pk")))
    return (
        Article.objects.scheduled(now)
        .filter(Q(section_id=section) | shares_a_tag | chosen)
        .exclude(pk=pk)
        .order_by("published_at")
        .only("published_at")[:1]
    )


def _section_of(pk):
    """Article ``pk``'s section, read by the database inside the query that needs it."""
    from articles.models import Article

    return Subquery(Article.objects.filter(pk=pk).values("section_id")[:1])


@functools.cache
def _queries(related_limit, section_limit):
    """The four queries, compiled once per process for these list lengths. Each needs only
    the story's id and the instant, so they can travel with the story's own queries."""
    from articles.models import Article, RelatedArticle

    pk, now = id_marker("pk"), instant_marker("now")
    return (
        PreparedQuery(RelatedArticle, _chosen_rows, pk),
        PreparedQuery(
            Article,
            lambda pk, now: _automatic_rows(pk, _section_of(pk), now, related_limit),
            pk,
            now,
        ),
        PreparedQuery(
            Article,
            lambda pk, now: _section_rows(_section_of(pk), now, section_limit),
            pk,
            now,
        ),
        PreparedQuery(
            Article, lambda pk, now: _next_change_rows(pk, _section_of(pk), now), pk, now
        ),
    )


def _limits():
    count = setting("NEWSROOM_RELATED_ARTICLES")
    more = setting("NEWSROOM_MORE_FROM_SECTION")
    return count, more


def onward_queries(pk, now):
    """The onward lists' queries for article ``pk`` at ``now``, for ``fetch_together``."""
    count, more = _limits()
    # Each list is read long enough to fill it after the stories shown above it are left
    # out, so that its query has the same parameters for every story.
    values = {"pk": pk, "now": now}
    return [(query, values) for query in _queries(2 * count, more + count + 1)]


def onward_from(article, now, rows) -> Onward:
    """What follows ``article`` on its page, from the rows of ``onward_queries``."""
    count, more = _limits()
    links, others, newest, upcoming = rows
    picked = [link.related for link in links]
    result = Onward(chosen_pks={story.pk for story in picked})
    live = [story for story in picked if story.is_published(now)]
    result.live_chosen_pks = {story.pk for story in live}
    result.related = [*live, *(s for s in others if s.pk not in result.chosen_pks)][:count]
    shown = {article.pk, *(story.pk for story in result.related)}
    result.more_from_section = [story for story in newest if story.pk not in shown][:more]
    result.changes_at = upcoming[0].published_at if upcoming else None
    return result
