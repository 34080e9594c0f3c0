"""The image library: each picture with its words, credit, focal point and rights window,
and the record of which articles show it."""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.media.uploads import clean_image
from articles.media.validators import validate_image_file
from articles.models.videos import rights_boundary, rights_state

EXPIRY_WARNING = timedelta(days=7)
CENTRE = 0.5
FOCAL_HELP = (
    "Where the picture's subject is, from {} (0) to {} (1): every crop keeps this point in "
    "frame. Click on the picture to set it."
)
FOCAL_RANGE = "The focal point must lie inside the picture: give a number from 0 to 1."


def image_upload_to(instance, filename):
    """Store uploads under a generated name: never trust the name a browser sent."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def _focal_field(help_text):
    return models.FloatField(
        default=CENTRE,
        validators=[
            MinValueValidator(0, message=FOCAL_RANGE),
            MaxValueValidator(1, message=FOCAL_RANGE),
        ],
        help_text=help_text,
    )


class ImageQuerySet(models.QuerySet):
    @staticmethod
    def available_q(now=None, prefix=""):
        """Pictures inside their rights window at ``now`` (``prefix`` for a related path)."""
        now = now or timezone.now()
        return (
            Q(**{f"{prefix}available_from__isnull": True})
            | Q(**{f"{prefix}available_from__lte": now})
        ) & (Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now}))

    def available(self, now=None):
        return self.filter(self.available_q(now))

    def expiring_within(self, delta, now=None):
        """Available pictures whose licence ends within ``delta`` of ``now``."""
        now = now or timezone.now()
        return self.available(now).filter(expires_at__lte=now + delta)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class Image(models.Model):
    class State(models.TextChoices):
        AVAILABLE = "available", "Available"
        PENDING = "pending", "Not yet available"
        EXPIRED = "expired", "Expired"

    file = models.ImageField(
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="A JPEG, PNG, GIF or WebP image, at most 10 MB. Its embedded caption, "
        "creator and credit fill the empty fields below; nothing else of it is kept.",
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="The picture's reference: type [[image:this-slug]] on its own line in a "
        "body. Empty: made from the alt text.",
    )
    alt_text = models.CharField(
        max_length=300,
        help_text="Describe the picture for readers who cannot see it. Required.",
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Shown under the picture, as a sentence."
    )
    photographer = models.ForeignKey(
        "articles.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pictures",
        help_text="Who took the picture (a person need not have an account).",
    )
    agency = models.ForeignKey(
        "articles.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pictures",
        help_text="The agency or outlet the picture comes from, e.g. Reuters.",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="A free-text credit when no person or organization fits, e.g. “Courtesy "
        "of the NATO Press Office”.",
    )
    copyright_notice = models.CharField(
        max_length=300, blank=True, help_text="Who holds the rights, e.g. “© 2026 Reuters”."
    )
    usage_terms = models.CharField(
        max_length=500,
        blank=True,
        help_text="The licence's terms, or the address of the licence.",
    )
    taken_at = models.DateTimeField(null=True, blank=True, help_text="When the picture was taken.")
    focal_x = _focal_field(FOCAL_HELP.format("left", "right"))
    focal_y = _focal_field(FOCAL_HELP.format("top", "bottom"))
    available_from = models.DateTimeField(
        null=True, blank=True, help_text="Readers see the picture from this moment. Empty: at once."
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the licence ends; from then readers see no picture in its place.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The renditions made so far (see articles/media/renditions.py), so that a page showing the
    # picture finds them on this row instead of in one more query.
    rendition_index = models.JSONField(default=dict, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["expires_at"], name="image_expires_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(expires_at__isnull=True)
                | Q(expires_at__gt=models.F("available_from")),
                name="image_window_ordered",
            ),
        ]

    def __str__(self):
        return self.alt_text or self.slug

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # A new upload is stored re-encoded: nothing but its pixels reaches the disk.
            self.file = clean_image(self.file).as_file()
        if not self.slug:
            self.slug = self.make_slug()
        super().save(*args, **kwargs)

    def make_slug(self):
        """A reference nobody has: words of the alt text (or caption) and a short suffix."""
        words = slugify(self.alt_text or self.caption)[:60].strip("-") or "picture"
        return f"{words}-{uuid.uuid4().hex[:6]}"

    def clean(self):
        errors = {}
        if self.available_from and self.expires_at and self.expires_at <= self.available_from:
            errors["expires_at"] = "The expiry must come after the availability start."
        placed_in = self._articles_placing_old_slug()
        if placed_in:
            names = "; ".join(f"“{article.headline}”" for article in placed_in)
            errors["slug"] = (
                f"Articles place this picture by its reference; change [[image:…]] in them "
                f"first: {names}."
            )
        if errors:
            raise ValidationError(errors)

    def _articles_placing_old_slug(self):
        """Articles whose body would lose this picture if its reference changed now."""
        if self.pk is None:
            return []
        old_slug = Image.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if old_slug in {None, self.slug}:
            return []
        return [
            article
            for article in self.articles.order_by("headline")
            if old_slug in article.image_references()
        ]

    @property
    def rendition_source(self):
        """What the renditions are made from: the file, and the focal point when it is not
        the centre, so moving it makes the crops again."""
        if (self.focal_x, self.focal_y) == (CENTRE, CENTRE):
            return self.file.name
        return f"{self.file.name}@{self.focal_x:.3f},{self.focal_y:.3f}"

    @property
    def credit_line(self):
        """“Jane Doe/Reuters”, “Reuters”, or the free-text credit (articles/credits.py)."""
        from articles.credits import picture_credit

        return picture_credit(self.photographer, self.agency, self.credit)

    def state(self, now=None):
        return rights_state(
            now or timezone.now(),
            removed=False,
            available_from=self.available_from,
            expires_at=self.expires_at,
        )

    def is_available(self, now=None):
        return self.state(now) == self.State.AVAILABLE

    def expires_within(self, delta=EXPIRY_WARNING, now=None):
        now = now or timezone.now()
        return (
            self.is_available(now)
            and self.expires_at is not None
            and (self.expires_at <= now + delta)
        )

    def next_boundary(self, now=None):
        """The next instant this picture appears or disappears for readers, or None."""
        return rights_boundary(
            now or timezone.now(), available_from=self.available_from, expires_at=self.expires_at
        )

    def articles_using(self):
        """Every article that shows this picture: as lead image, in its body, or both."""
        Article = apps.get_model("articles", "Article")
        return (
            Article.objects.filter(Q(images=self) | Q(lead_image=self))
            .distinct()
            .select_related("section")
            .order_by("headline", "pk")
        )


class ArticleImageQuerySet(models.QuerySet):
    def photographs_by(self, person, now=None, limit=12):
        """The pictures ``person`` took that readers see now, each once, with the newest
        published story showing it: the photographs on their author page (one query)."""
        now = now or timezone.now()
        Article = apps.get_model("articles", "Article")
        rows = (
            self.filter(image__photographer=person)
            .filter(ImageQuerySet.available_q(now, prefix="image__"))
            .filter(article__in=Article.objects.published(now).values("pk"))
            .select_related("image", "article__section")
            .defer("article__body", "article__body_html", "article__search_document")
            .order_by("-article__published_at", "-pk")[: limit * 4]
        )
        shown = {}
        for row in rows:
            shown.setdefault(row.image_id, row)
        return list(shown.values())[:limit]


class ArticleImage(models.Model):
    """A picture an article shows (as its lead or in its body); the picture cannot be deleted."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="image_links"
    )
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="article_links")

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        verbose_name = "article using the picture"
        verbose_name_plural = "articles using the picture"
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="article_image_unique")
        ]

    def __str__(self):
        return f"{self.article} shows {self.image}"
