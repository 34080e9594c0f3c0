"""
Sitemaps of published stories, the sections and the authors that have them, and a
Google News sitemap of the last two days' stories.

The story sitemap is cut into pages by id, not by position: page N lists the published
stories among limit ids, counted from the lowest published id. The index then needs only
the lowest and highest published ids to list every page, and a page is one range of the
primary key, so neither counts the archive nor reads all of it; a page whose stories are
all unpublished is an empty list. The index gives no date for story pages (it would have
to date every story); each story's own entry has its date.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

from articles.conf import setting
from articles.models import Article, Person, Section

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google reads at most this many stories from a news sitemap


class IdRangePaginator:
    """
    The part of a Paginator a sitemap uses. Page N holds the ids from lowest + (N-1)*limit
    to lowest + N*limit - 1, lowest being the lowest published id: the lowest and highest
    published ids, one query on the primary key, say how many pages there are.
    """

    def __init__(self, queryset, per_page):
        self.queryset, self.per_page = queryset, per_page

    @cached_property
    def id_range(self):
        ids = self.queryset.aggregate(lowest=Min("pk"), highest=Max("pk"))
        return ids["lowest"], ids["highest"]

    @property
    def num_pages(self):
        lowest, highest = self.id_range
        return 1 if lowest is None else (highest - lowest) // self.per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        first = (self.id_range[0] or 0) + (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gte=first, pk__lt=first + self.per_page)
        return Page(rows.order_by("pk"), number, self)


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 500

    def items(self):
        # The address needs the section's slug; nothing else is read.
        return (
            Article.objects.published()
            .select_related("section")
            .only("pk", "slug", "section__slug", "published_at", "updated_at")
        )

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        return None


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        latest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return (
            Section.objects.annotate(latest=Subquery(latest))
            .filter(latest__isnull=False)
            .order_by("position", "name")
        )

    def lastmod(self, section):
        return section.latest


class AuthorSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        # Every person with a page: a byline or a photograph on a live story.
        return Person.objects.credited_on_published_articles().order_by("name")


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "authors": AuthorSitemap}


def news_articles(now=None):
    """Published stories from the last 48 hours, newest first."""
    now = now or timezone.now()
    return (
        Article.objects.published(now)
        .filter(published_at__gte=now - NEWS_WINDOW)
        .for_listing()[:NEWS_LIMIT]
    )


def news_publication():
    return {
        "name": setting("NEWSROOM_SITE_NAME"),
        "language": settings.LANGUAGE_CODE.split("-")[0],
    }
