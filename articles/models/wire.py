"""Wire copy: the agencies' sources, the items read from them, and what each reading did."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from articles.conf import setting
from articles.models.articles import Article


class Format(models.TextChoices):
    NINJS = "ninjs", "ninjs (JSON, 1.x or 2.x)"
    NEWSML = "newsml", "NewsML-G2 (XML)"
    FEED = "feed", "RSS or Atom"


class Credit(models.TextChoices):
    BYLINE = "byline", "A “By <agency>” byline"
    ATTRIBUTION = "attribution", "“<agency> contributed to this report.”"


def drop_folder_of(path) -> Path | None:
    """The configured drop folder that holds ``path`` (after resolving links), or None."""
    try:
        resolved = Path(path).resolve()
    except (OSError, ValueError):  # a NUL in the path, a link loop
        return None
    for folder in setting("NEWSROOM_WIRE_FOLDERS"):
        root = Path(folder).resolve()
        if resolved == root or root in resolved.parents:
            return root
    return None


class WireSource(models.Model):
    """Where an agency's copy is read from, and how stories made from it credit the agency."""

    name = models.CharField(max_length=200, help_text="For example “Reuters world news”.")
    organization = models.ForeignKey(
        "articles.Organization",
        on_delete=models.PROTECT,
        related_name="wire_sources",
        help_text="The agency the copy comes from; stories credit it.",
    )
    format = models.CharField(
        max_length=10, choices=Format, help_text="How the agency writes its items."
    )
    folder = models.CharField(
        max_length=500,
        blank=True,
        help_text="A folder the agency drops files into, inside a configured drop folder.",
    )
    feed_url = models.URLField(blank=True, help_text="Or an https address the feed is read from.")
    credit = models.CharField(
        max_length=20,
        choices=Credit,
        default=Credit.ATTRIBUTION,
        help_text="How a story made from an item credits the agency.",
    )
    section = models.ForeignKey(
        "articles.Section",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The section new stories from this source go to.",
    )
    active = models.BooleanField(default=True, help_text="Only active sources are read.")
    last_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_report = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=(Q(folder="") & ~Q(feed_url="")) | (~Q(folder="") & Q(feed_url="")),
                name="wiresource_one_place",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["ninjs", "newsml", "feed"]), name="wiresource_format_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if bool(self.folder) == bool(self.feed_url):
            raise ValidationError("Give either a drop folder or a feed address, not both.")
        if self.folder and drop_folder_of(self.folder) is None:
            raise ValidationError(
                {"folder": "This folder is not inside a drop folder the site is configured with."}
            )
        if self.feed_url and not self.feed_url.lower().startswith("https://"):
            raise ValidationError({"feed_url": "Feeds are read over https only."})

    @property
    def place(self):
        return self.folder or self.feed_url


class WireItem(models.Model):
    """One agency item (by its guid) and the story made from it."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        KILLED = "killed", "Killed by the agency"

    organization = models.ForeignKey(
        "articles.Organization", on_delete=models.PROTECT, related_name="wire_items"
    )
    source = models.ForeignKey(
        WireSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    guid = models.CharField(max_length=500)
    version = models.PositiveBigIntegerField(default=1)
    digest = models.CharField(max_length=64, help_text="The item's content as last read.")
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wire_items",
    )
    # The story as ingest last wrote it: any other change is an editor's.
    written = models.CharField(max_length=64, blank=True)
    embargoed_until = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.ACTIVE)
    pending_version = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="A newer version kept as a revision because an editor had changed the story.",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated_at",)
        constraints = [
            models.UniqueConstraint(fields=["organization", "guid"], name="wireitem_unique_guid"),
            models.CheckConstraint(
                condition=Q(state__in=["active", "killed"]), name="wireitem_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.guid} v{self.version}"


class WireEvent(models.Model):
    """What reading one item did: the log editors read in the admin."""

    class Outcome(models.TextChoices):
        NEW = "new", "New"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Unchanged"
        KEPT = "kept", "Kept as a revision (an editor had changed the story)"
        KILLED = "killed", "Killed"
        REFUSED = "refused", "Refused"

    at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        WireSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    organization = models.ForeignKey(
        "articles.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    where = models.CharField(max_length=500, blank=True, help_text="The file or feed read.")
    guid = models.CharField(max_length=500, blank=True)
    version = models.PositiveBigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome)
    reason = models.TextField(blank=True)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-at", "-pk")
        indexes = [models.Index(fields=["-at", "-id"], name="wireevent_at_idx")]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.guid or self.where}"


class IncomingArticle(Article):
    """Stories made from wire items that no one has published yet: the desk's inbox."""

    class Meta:
        proxy = True
        verbose_name = "incoming wire story"
        verbose_name_plural = "incoming wire stories"
