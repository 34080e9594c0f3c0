"""
RSS 2.0 and Atom feeds of published stories: the whole site, each section, each author,
and the corrections log.

Each item carries the byline (as the author and at the top of the description) and the
credit line, built by articles/credits.py exactly as the article page builds them.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html, format_html_join

from articles import credits
from articles.conf import setting
from articles.markdown import sanitized
from articles.models import Article, Byline, Correction, Person, Section

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """The latest published stories on the site."""

    def title(self, obj=None):
        return setting("NEWSROOM_SITE_NAME")

    def link(self, obj=None):
        return reverse("articles:home")

    def subtitle(self, obj=None):
        return f"The latest stories from {setting('NEWSROOM_SITE_NAME')}."

    def description(self, obj=None):
        # The subtitle is plain text (Atom says so); RSS readers show a channel's
        # description as HTML, so there the text arrives escaped.
        return escape(self.subtitle(obj))

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).for_feed()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def _byline_people(self, item):
        return [b.person for b in item.bylines.all() if b.role == Byline.Role.BY]

    def item_author_name(self, item):
        return credits.join_names([person.name for person in self._byline_people(item)]) or None

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_description(self, item):
        """Byline lines, the dek and the credit line, as escaped-safe HTML."""
        lines = [line.text for line in credits.byline_lines(item.bylines.all())]
        credit = credits.credit_lines(item.attributions.all())
        return format_html(
            "{}{}{}",
            format_html_join("", "<p>{}</p>", ((line,) for line in lines)),
            format_html("<p>{}</p>", sanitized(item.dek_html)) if item.dek else "",
            format_html_join("", "<p>{}</p>", ((line,) for line in credit)),
        )


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed


class ListingPageFeed(LatestArticlesFeed):
    """The feed of a section's or an author's page: titled with its name, linked to it."""

    def title(self, obj=None):
        return f"{obj.name} · {setting('NEWSROOM_SITE_NAME')}"

    def link(self, obj=None):
        return obj.get_absolute_url()


class SectionFeed(ListingPageFeed):
    """The latest published stories in one section."""

    def get_object(self, request, section):
        return get_object_or_404(Section, slug=section)

    def subtitle(self, obj=None):
        return obj.description or f"The latest {obj.name} stories."

    def articles(self, obj):
        return Article.objects.published().in_section(obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class AuthorFeed(ListingPageFeed):
    """The latest published articles with a byline for one person, as on their page."""

    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.credited_on_published_articles(), slug=slug)

    def subtitle(self, obj=None):
        return f"The latest stories by {obj.name}."

    def articles(self, obj):
        return Article.objects.published().by_author(obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed


class CorrectionsFeed(Feed):
    """Corrections, clarifications, updates and editor's notes on published stories."""

    description = "Corrections and updates to our published stories, newest first."
    description_template = "feeds/correction_description.html"
    limit = 50

    def title(self):
        return f"Corrections · {setting('NEWSROOM_SITE_NAME')}"

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return Correction.objects.on_published_articles().select_related("article__section")[
            : self.limit
        ]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_pubdate(self, correction):
        return correction.published_at

    def item_guid(self, correction):
        return f"correction-{correction.pk}"

    item_guid_is_permalink = False
