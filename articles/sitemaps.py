"""
Sitemaps of published stories, the sections and the authors that have them, and a
Google News sitemap of the last two days' stories.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from articles.conf import setting
from articles.models import Article, Byline, Person, Section

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google reads at most this many stories from a news sitemap


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        # The address needs the section's slug; nothing else is read.
        return Article.objects.published().select_related("section").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at or article.published_at


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
        # An author is anyone with a byline, as on their page (ArticleQuerySet.by_author).
        wrote = Byline.objects.filter(
            person=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Person.objects.filter(Exists(wrote)).order_by("name")


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
