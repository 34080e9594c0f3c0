"""Syndication feeds, all built from published articles only."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from articles.models import Correction


class CorrectionsFeed(Feed):
    """Corrections, clarifications, updates and editor's notes on published stories."""

    description = "Corrections and updates to our published stories, newest first."
    description_template = "feeds/correction_description.html"
    limit = 50

    def title(self):
        return f"Corrections · {settings.NEWSROOM_SITE_NAME}"

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
