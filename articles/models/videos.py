"""The video library: uploaded, hosted or provider videos, their credit, rights window and
takedowns, and the record of which articles show them."""

import re
import uuid
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.markdown import video_references
from articles.models.rights import RightsWindow, RightsWindowQuerySet

EXPIRED_MESSAGE = "We apologize, this video has expired."
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{4,12}$")
VIDEO_FILE_SUFFIXES = (".mp4", ".m4v", ".webm")
MAX_VIDEO_BYTES = 500 * 1024 * 1024

# Page addresses a provider's id can be read from, when an editor pastes the link.
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def provider_from_url(value: str) -> tuple[str, str] | None:
    """``(provider, id)`` read from a pasted YouTube or Vimeo link, or None if it is not one."""
    value = value.strip()
    parts = urlsplit(value if "://" in value else f"https://{value}")
    if parts.scheme not in {"http", "https"}:
        return None
    host = parts.hostname or ""
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "youtu.be" and segments:
        return Video.Provider.YOUTUBE, segments[0]
    if host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            ids = parse_qs(parts.query).get("v")
            return (Video.Provider.YOUTUBE, ids[0]) if ids else None
        if len(segments) == 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            return Video.Provider.YOUTUBE, segments[1]
        return None
    if host in VIMEO_HOSTS and segments:
        if host == "player.vimeo.com":
            is_player = len(segments) >= 2 and segments[0] == "video"
            return (Video.Provider.VIMEO, segments[1]) if is_player else None
        return Video.Provider.VIMEO, segments[-1]
    return None


def video_upload_to(instance, filename):
    """Store uploads under a generated name: never trust the name a browser sent."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"videos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def validate_video_file(upload) -> None:
    """Accept only MP4 and WebM files, judged by their first bytes as well as their name."""
    if upload.size > MAX_VIDEO_BYTES:
        raise ValidationError("The video is larger than 500 MB.", code="too_large")
    suffix = PurePosixPath(upload.name).suffix.lower()
    if suffix not in VIDEO_FILE_SUFFIXES:
        raise ValidationError("Upload an .mp4, .m4v or .webm file.", code="unsupported_format")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(12)
    upload.seek(position)
    # MP4 files open with an ISO media "ftyp" box; WebM files with the EBML magic number.
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    if not (is_webm if suffix == ".webm" else is_mp4):
        raise ValidationError(
            f"The file is not a valid {suffix[1:].upper()} video.", code="invalid_video"
        )


class VideoQuerySet(RightsWindowQuerySet):
    """Videos: the rights window's reads (articles/models/rights.py), and the articles."""

    def with_article_count(self):
        return self.annotate(article_count=models.Count("articles", distinct=True))

    def with_articles(self):
        """Prefetch the articles that embed each video, with what their admin links need."""
        Article = apps.get_model("articles", "Article")

        return self.prefetch_related(
            models.Prefetch(
                "articles",
                queryset=Article.objects.select_related("section").order_by("-published_at"),
            )
        )


class Video(RightsWindow):
    noun = "video"
    reference_kind = "video"
    references_in = staticmethod(video_references)
    removal_field = "removal_reason"

    class Provider(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"

    class RemovalReason(models.TextChoices):
        LICENCE = "licence", "Licence expired"
        LEGAL = "legal", "Legal"
        WITHDRAWN = "withdrawn", "Withdrawn"

    READER_MESSAGES = {
        RemovalReason.LICENCE: EXPIRED_MESSAGE,
        RemovalReason.LEGAL: "This video is no longer available for legal reasons.",
        RemovalReason.WITHDRAWN: "This video has been withdrawn.",
    }

    title = models.CharField(max_length=200, help_text="For editors and for search engines.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The video's reference: type [[video:this-slug]] on its own line in a body.",
    )
    description = models.TextField(blank=True, help_text="A sentence or two about the video.")
    file = models.FileField(
        upload_to=video_upload_to,
        blank=True,
        validators=[validate_video_file],
        help_text="An MP4 or WebM file to upload, at most 500 MB. Empty for an address or "
        "a provider video.",
    )
    source_url = models.URLField(
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text="An https address of an MP4 or WebM file hosted elsewhere. Empty for an "
        "uploaded file or a provider video.",
    )
    provider = models.CharField(
        max_length=20,
        choices=Provider,
        blank=True,
        help_text="A video host; the player is built from the id, never from pasted HTML.",
    )
    provider_id = models.CharField(
        max_length=64, blank=True, help_text="The video's id at the provider, e.g. dQw4w9WgXcQ."
    )
    poster = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The still shown before the video plays.",
    )
    caption = models.CharField(max_length=500, blank=True, help_text="Shown under the player.")
    credit_organization = models.ForeignKey(
        "articles.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="videos",
        help_text="The organization the video comes from, e.g. Reuters.",
    )
    credit_text = models.CharField(
        max_length=200, blank=True, help_text="A free-text credit when no organization fits."
    )
    duration = models.DurationField(null=True, blank=True, help_text="For example 00:02:15.")
    removal_reason = models.CharField(
        max_length=20,
        choices=RemovalReason,
        blank=True,
        help_text="Set to take the video down before its window closes.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VideoQuerySet.as_manager()

    class Meta(RightsWindow.Meta):
        ordering = ("-created_at",)
        constraints = [
            *RightsWindow.Meta.constraints,
            models.CheckConstraint(
                condition=(~Q(source_url="") & Q(file="") & Q(provider="") & Q(provider_id=""))
                | (Q(source_url="") & ~Q(file="") & Q(provider="") & Q(provider_id=""))
                | (Q(source_url="") & Q(file="") & ~Q(provider="") & ~Q(provider_id="")),
                name="video_one_source",
            ),
            models.CheckConstraint(
                condition=Q(removal_reason__in=["", "licence", "legal", "withdrawn"]),
                name="video_removal_reason_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def clean_fields(self, exclude=None):
        self._read_pasted_provider_link()
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = self.rights_errors()
        if self.source_url and not urlsplit(self.source_url).path.lower().endswith(
            VIDEO_FILE_SUFFIXES
        ):
            link = provider_from_url(self.source_url)
            errors["source_url"] = (
                f"This is a {Video.Provider(link[0]).label} page, not a video file: choose "
                f"{Video.Provider(link[0]).label} as the provider and paste it as the video id."
                if link
                else "The video file address must end in .mp4, .m4v or .webm."
            )
        given = [
            field
            for field, value in (
                ("file", self.file),
                ("source_url", self.source_url),
                ("provider_id", self.provider or self.provider_id),
            )
            if value
        ]
        for field in given[1:]:
            errors[field] = "Give one source only: a file, a file address or a provider video."
        if not given:
            errors["file"] = (
                "Give the video: upload a file, give a file address, or choose a provider and "
                "give the video's id."
            )
        elif given == ["provider_id"] and not self.provider_id:
            errors["provider_id"] = "Give the provider's video id."
        elif given == ["provider_id"] and not self.provider:
            errors["provider"] = "Choose the provider this id belongs to."
        pattern = {self.Provider.YOUTUBE: YOUTUBE_ID, self.Provider.VIMEO: VIMEO_ID}.get(
            self.provider
        )
        if pattern and self.provider_id and not pattern.match(self.provider_id):
            errors["provider_id"] = (
                f"“{self.provider_id}” is not a valid {self.get_provider_display()} video id "
                "or link."
            )
        if errors:
            raise ValidationError(errors)

    def _read_pasted_provider_link(self):
        """An editor may paste the video's page address instead of its id: keep only the id."""
        link = provider_from_url(self.provider_id) if "/" in self.provider_id else None
        if link is None:
            return
        provider, provider_id = link
        if not self.provider:
            self.provider = provider
        if self.provider == provider:
            self.provider_id = provider_id

    @property
    def reader_message(self):
        """The slate shown to readers once the video is gone."""
        return self.READER_MESSAGES.get(self.removal_reason, EXPIRED_MESSAGE)

    @property
    def shown_instead(self):
        return f"“{self.reader_message}”"

    @property
    def embed_url(self):
        if self.provider == self.Provider.YOUTUBE:
            return f"https://www.youtube-nocookie.com/embed/{self.provider_id}"
        if self.provider == self.Provider.VIMEO:
            return f"https://player.vimeo.com/video/{self.provider_id}?dnt=1"
        return ""

    @property
    def thumbnail_url(self):
        """The poster's address, or the provider's own still when there is no poster."""
        if self.poster_id:
            return self.poster.file.url
        if self.provider == self.Provider.YOUTUBE:
            return f"https://i.ytimg.com/vi/{self.provider_id}/hqdefault.jpg"
        return ""

    @property
    def media_url(self):
        """The address of the uploaded or hosted file a ``<video>`` element plays."""
        return self.file.url if self.file else self.source_url

    @property
    def file_type(self):
        """The MIME type of the file, from its suffix, for the ``<source>`` element."""
        path = self.file.name if self.file else urlsplit(self.source_url).path
        return "video/webm" if path.lower().endswith(".webm") else "video/mp4"

    @property
    def credit(self):
        if self.credit_organization_id:
            return self.credit_organization.name
        return self.credit_text


class ArticleVideo(models.Model):
    """A video an article shows (as its lead or in its body); the video cannot be deleted."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="video_links"
    )
    video = models.ForeignKey(Video, on_delete=models.PROTECT, related_name="article_links")

    class Meta:
        verbose_name = "article using the video"
        verbose_name_plural = "articles using the video"
        constraints = [
            models.UniqueConstraint(fields=["article", "video"], name="article_video_unique")
        ]

    def __str__(self):
        return f"{self.article} shows {self.video}"
