"""Notes and links around an article's life: corrections readers see, previews they don't."""

import secrets
from datetime import timedelta

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.conf import setting
from articles.markdown import markdown_to_html, video_references
from articles.models.articles import Article, Attribution, Byline
from articles.models.fields import created_by_field
from articles.models.videos import ArticleVideo


def preview_link_lifetime():
    hours = setting("NEWSROOM_PREVIEW_LINK_HOURS")
    return timedelta(hours=hours)


def default_preview_expiry():
    return timezone.now() + preview_link_lifetime()


def new_preview_token():
    return secrets.token_urlsafe(32)


class CorrectionQuerySet(models.QuerySet):
    def on_published_articles(self, now=None):
        """Notes on articles readers can see now, newest first."""
        return self.filter(article__in=Article.objects.published(now)).order_by(
            "-published_at", "-pk"
        )


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        EDITORS_NOTE = "editors_note", "Editor's note"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.CORRECTION,
        help_text="A correction fixes an error; an update adds news; a note explains.",
    )
    text = models.TextField(
        help_text="What was wrong and what is right, in Markdown. Shown at the end of the story."
    )
    text_html = models.TextField(editable=False, default="")
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text=(
            "The date shown with the note. Saving a note on a live story moves its “Updated” time."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ("published_at", "pk")
        indexes = [models.Index(fields=["-published_at"], name="correction_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "clarification", "update", "editors_note"]),
                name="correction_kind_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"

    def save(self, *args, **kwargs):
        self.render_markdown()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def render_markdown(self):
        """Store the note as sanitized HTML (a note places no videos: ``clean`` refuses them)."""
        self.text_html = markdown_to_html(self.text)

    def clean(self):
        if video_references(self.text):
            raise ValidationError({"text": "A correction cannot place a video."})
        if self.published_at and self.published_at > timezone.now():
            raise ValidationError({"published_at": "A correction's date cannot be in the future."})


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PreviewLink(models.Model):
    """A secret address that shows one unpublished article to someone without an account."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=new_preview_token, editable=False)
    expires_at = models.DateTimeField(
        default=default_preview_expiry,
        help_text="The link stops working at this time (72 hours after it is made by default).",
    )
    revoked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set to stop the link at once; the page then looks like any missing page.",
    )
    created_by = created_by_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return f"Preview of {self.article}"

    def share_path(self):
        """The secret address. Deliberately not ``get_absolute_url``: that would put it
        behind the admin's "View on site" shortcut and in every other generic link."""
        return reverse("articles:shared_preview", kwargs={"token": self.token})

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


# Every admin save of an article keeps a revision with its bylines and attributions.
# The videos it uses are kept as its links to them (ArticleVideo); the Video rows are not
# followed, so restoring an old story never reopens a video's expired rights window.
# Corrections are not followed either: they are a public record, and restoring an old
# version of the text must never remove one.
reversion.register(Byline)
reversion.register(Attribution)
reversion.register(ArticleVideo)
reversion.register(Article, follow=("bylines", "attributions", "video_links"))
