"""The image library: each picture with its words, credit, focal point and rights window,
and the record of which articles show it."""

import uuid
from pathlib import PurePosixPath

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.markdown import image_references
from articles.media.uploads import clean_image
from articles.media.validators import validate_image_file
from articles.models.rights import RightsWindow, RightsWindowQuerySet

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


class ImageQuerySet(RightsWindowQuerySet):
    """Pictures: the rights window's reads (articles/models/rights.py)."""


class Image(RightsWindow):
    noun = "picture"
    reference_kind = "image"
    references_in = staticmethod(image_references)
    shown_instead = "no picture"

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
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The renditions made so far (see articles/media/renditions.py), so that a page showing the
    # picture finds them on this row instead of in one more query.
    rendition_index = models.JSONField(default=dict, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta(RightsWindow.Meta):
        ordering = ("-created_at",)
        constraints = [
            *RightsWindow.Meta.constraints,
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
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
            .filter(Image.objects.available_q(now, prefix="image__"))
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
