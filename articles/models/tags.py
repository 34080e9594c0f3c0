from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef

from articles.addresses import address


class TagQuerySet(models.QuerySet):
    def on_published_articles(self, now=None):
        """Tags on a story readers can see ``now``: the only ones with a reader page."""
        Article = apps.get_model("articles", "Article")
        tagged = Article.tags.through.objects.filter(
            tag=OuterRef("pk"), article__in=Article.objects.published(now).values("pk")
        )
        return self.filter(Exists(tagged))


class Tag(models.Model):
    """A topic that cuts across sections, such as “NATO” or “Elections 2026”."""

    name = models.CharField(max_length=100, help_text="The topic as readers see it.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in the topic page's address."
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:tag", slug=self.slug)
