from django.db import models

from articles.addresses import address


class Tag(models.Model):
    """A topic that cuts across sections, such as “NATO” or “Elections 2026”."""

    name = models.CharField(max_length=100, help_text="The topic as readers see it.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in the topic page's address."
    )

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:tag", slug=self.slug)
