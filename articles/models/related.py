"""Related articles: the stories an editor chooses to follow a story."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from articles.models.articles import Article


class RelatedArticle(models.Model):
    """A story an editor puts under another as "Related", in order; the page fills the rest
    from stories that share its tags (``articles.reader.related``)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"status": Article.Status.PUBLISHED},
        help_text="A published or scheduled story; readers see it once it is live.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        verbose_name = "related article"
        ordering = ("order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"],
                name="related_article_once",
                violation_error_message="That story is already related.",
            ),
            models.CheckConstraint(
                condition=~Q(article=F("related")),
                name="related_article_not_itself",
                violation_error_message="A story is not related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.related} (related)"

    def clean(self):
        # The constraint's own check skips the inline's parent key: say it here.
        if self.article_id is not None and self.article_id == self.related_id:
            raise ValidationError({"related": "A story is not related to itself."})
