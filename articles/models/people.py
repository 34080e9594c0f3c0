from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from markdownx.models import MarkdownxField

from articles.addresses import address
from articles.markdown import markdown_to_html, video_references

# Credits listed newest story first; drafts (no publish time) after them on every database.
NEWEST_ARTICLE_FIRST = models.F("article__published_at").desc(nulls_last=True)

# “@name”, “name”, or a fediverse-style “@name@host.example”.
social_handle_validator = RegexValidator(
    r"^@?[A-Za-z0-9_.-]{1,60}(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$",
    "Enter a handle such as @alastairjam or @name@host.example, without a link.",
)


class PersonQuerySet(models.QuerySet):
    def credited_on_published_articles(self, now=None):
        """People with a byline, or a photograph, on a story readers can see ``now``: the
        only ones with an author page and feed."""
        Article = apps.get_model("articles", "Article")
        published = Article.objects.published(now).values("pk")
        bylines = apps.get_model("articles", "Byline").objects.filter(
            person=OuterRef("pk"), article__in=published
        )
        photographs = apps.get_model("articles", "ArticleImage").objects.filter(
            image__photographer=OuterRef("pk"), article__in=published
        )
        return self.filter(Exists(bylines) | Exists(photographs))


class Person(models.Model):
    """Someone credited on a story: staff, freelancer or wire reporter, account or not."""

    name = models.CharField(max_length=200, help_text="The name as it appears in bylines.")
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Used in the author page's address."
    )
    job_title = models.CharField(
        max_length=200, blank=True, help_text="For example “Senior Correspondent”."
    )
    bio = MarkdownxField(
        blank=True, help_text="A short biography in Markdown, shown on the author page."
    )
    bio_html = models.TextField(editable=False, default="")
    headshot = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A portrait; square crops are made from it.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The staff account of this person, if they have one.",
    )
    website = models.URLField(blank=True, help_text="A personal or professional site.")
    social_handle = models.CharField(
        max_length=100,
        blank=True,
        validators=[social_handle_validator],
        help_text="A social media handle, e.g. @alastairjam.",
    )
    active = models.BooleanField(
        default=True, help_text="Inactive people are not offered for new bylines."
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.render_markdown()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "bio_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("articles:author", slug=self.slug)

    def clean(self):
        # Author pages are not bounded by video rights windows: videos belong in stories.
        if video_references(self.bio):
            raise ValidationError({"bio": "A biography cannot place a video."})

    def render_markdown(self):
        """Store the bio as sanitized HTML (a bio places no videos: ``clean`` refuses them)."""
        self.bio_html = markdown_to_html(self.bio)

    def bylines_and_attributions(self):
        """Every byline and attribution naming this person, with its article, and every
        picture credited to them."""
        return [
            *self.bylines.select_related("article").order_by(NEWEST_ARTICLE_FIRST, "pk"),
            *self.attributions.select_related("article").order_by(NEWEST_ARTICLE_FIRST, "pk"),
            *self.pictures.order_by("-created_at", "-pk"),
        ]


class Organization(models.Model):
    """A wire service, partner outlet or our own newsroom, credited in attributions."""

    class Kind(models.TextChoices):
        WIRE = "wire", "Wire service"
        PARTNER = "partner", "Partner outlet"
        NEWSROOM = "newsroom", "Our newsroom"

    name = models.CharField(
        max_length=200, help_text="The full name used in credit lines, e.g. “The Associated Press”."
    )
    short_name = models.CharField(max_length=50, blank=True, help_text="For example “AP”.")
    slug = models.SlugField(
        max_length=200, unique=True, help_text="A short unique name for addresses and imports."
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.WIRE,
        help_text="A wire service, a partner outlet, or our own newsroom.",
    )
    homepage = models.URLField(blank=True, help_text="The organization's site.")
    logo = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organization's logo, from the image library.",
    )

    class Meta:
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["wire", "partner", "newsroom"]),
                name="organization_kind_valid",
            )
        ]

    def __str__(self):
        return self.name

    def bylines_and_attributions(self):
        """Every attribution, video credit and picture credit naming this organization."""
        return [
            *self.attributions.select_related("article").order_by(NEWEST_ARTICLE_FIRST, "pk"),
            *self.videos.order_by("title", "pk"),
            *self.pictures.order_by("-created_at", "-pk"),
        ]
