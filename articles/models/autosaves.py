"""
Unsaved text kept on the server: an article form's contents while it is open (``Autosave``),
and an admin form refused for its sign-in (``KeptSubmission``), each for its author alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.models.articles import Article


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article=None):
        """The user's autosave of ``article``, or of a new article when it is None."""
        return self.filter(user=user, article=article)


class Autosave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Empty for an article not saved yet.",
    )
    fields = models.JSONField(
        default=list,
        help_text="The form's fields as posted: [name, [values], [labels]] in form order.",
    )
    kept_at = models.DateTimeField(auto_now=True)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_user_article_uniq",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_user_new_article_uniq",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or 'a new article'}"

    def values(self):
        """``{name: [values]}`` of the kept fields."""
        return {entry[0]: list(entry[1]) for entry in self.fields}


class KeptSubmission(models.Model):
    """
    What an admin form sent when the save was refused because the sign-in had changed or
    ended (``articles/editorial/kept_submissions.py``): kept for the user who opened the
    form, whoever signs in next in that browser, until they send it again or discard it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        help_text="Who opened the form: the only one shown what it sent.",
    )
    path = models.CharField(max_length=2000, help_text="The admin address the form was sent to.")
    fields = models.JSONField(
        default=list, help_text="The form's fields as sent: [name, [values]] in form order."
    )
    files = models.JSONField(default=list, help_text="Names of the file fields, not kept.")
    kept_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user}: {self.path}"
