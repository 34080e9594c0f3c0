from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles.addresses import address
from articles.markdown import (
    FIGURE_PLACEHOLDER,
    image_references,
    markdown_inline,
    markdown_to_html,
    video_references,
)
from articles.models.fields import created_by_field
from articles.reader import search

VIDEO_HELP = (
    "Markdown. To place a video, put [[video:its-slug]] alone on a line; "
    "the slug is shown in the video library. To place a picture, put [[image:its-slug]] "
    "alone on a line, optionally with full (full width) and | a caption of its own: "
    "[[image:its-slug full | Caption]]."
)


# Addresses the site itself uses at the top level; a section slug may not take them.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "api",
        "authors",
        "corrections",
        "feed",
        "media",
        "preview",
        "search",
        "static",
        "tags",
    }
)


def validate_section_slug(slug):
    if slug in RESERVED_SECTION_SLUGS:
        raise ValidationError(f"“{slug}” is an address the site already uses; pick another.")


class Section(models.Model):
    name = models.CharField(max_length=100, help_text="For example “World” or “Politics”.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_section_slug],
        help_text="Used in article addresses.",
    )
    description = models.TextField(blank=True, help_text="One sentence for the section page.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation, lowest first."
    )

    class Meta:
        ordering = ("position", "name")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:section", section=self.slug)


class ArticleQuerySet(models.QuerySet):
    @staticmethod
    def published_q(now=None):
        """Published and due: a scheduled article goes live at its instant, with no cron job."""
        return Q(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def published(self, now=None):
        return self.filter(self.published_q(now))

    def scheduled(self, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def next_publication_at(self, now=None):
        """When the next scheduled story among these goes live (None: nothing scheduled)."""
        upcoming = self.scheduled(now).order_by("published_at")
        return upcoming.values_list("published_at", flat=True).first()

    def for_listing(self):
        return self.select_related("section", "lead_image").order_by("-published_at", "-pk")

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, person):
        """Articles on which ``person`` has a byline, in any role, each once: the articles of
        their author page, feed and sitemap entry."""
        return self.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), person=person)))

    def search(self, text, order="relevance"):
        """Articles matching the reader's query, best (or newest) first (reader/search.py)."""
        return search.search_articles(self, text, order)

    def for_feed(self):
        """Everything a feed item shows, bylines and credits included, in fixed queries."""
        return (
            self.select_related("section")
            .order_by("-published_at", "-pk")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("person")),
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("organization", "person"),
                ),
                "tags",
            )
        )

    def for_page(self):
        """Everything an article page shows, in a fixed number of queries.

        The lead video is read with the others (``sync_videos`` records it among them);
        Markdown sources and biographies, which the page does not show, stay behind.
        """
        return self.for_page_row().prefetch_related(
            *(Prefetch(name, queryset=rows) for name, (rows, _) in page_relations().items())
        )

    def for_page_row(self):
        """The article page's own row: the story with its section and lead image (with the
        people and agency its credit names)."""
        return self.select_related(
            "section", "lead_image__photographer", "lead_image__agency"
        ).defer("body", "created_by", *(f"lead_image__{f}" for f in UNSHOWN_PICTURE_PEOPLE))

    def with_bylines(self):
        """Bylines and their people in one more query, however many each article has."""
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person"))
        )


# What bylines and credit lines never show of a person.
UNSHOWN_PERSON = ("person__bio", "person__bio_html")
UNSHOWN_PICTURE_PEOPLE = ("photographer__bio", "photographer__bio_html")


def page_relations():
    """What an article page lists beside the story, by relation name: the rows, and the
    lookup on them that picks one article's."""
    return {
        "tags": (apps.get_model("articles", "Tag").objects.all(), "articles"),
        "bylines": (Byline.objects.select_related("person").defer(*UNSHOWN_PERSON), "article"),
        "attributions": (
            Attribution.objects.select_related("organization", "person").defer(*UNSHOWN_PERSON),
            "article",
        ),
        "videos": (
            _video_model().objects.select_related("poster", "credit_organization"),
            "articles",
        ),
        "corrections": (_correction_model().objects.defer("text"), "article"),
        "images": (
            _image_model()
            .objects.select_related("photographer", "agency")
            .defer(*UNSHOWN_PICTURE_PEOPLE),
            "articles",
        ),
    }


class AdminSearchDocument(search.HeadlineDocument):
    """
    What ``Article.admin_search_document`` is generated from: the headline document's parts and
    ``byline_names``, which database triggers keep (migration 0020), so that the admin's
    search finds a story by its writers' names in the same index, with no join.
    """

    def __init__(self):
        Func.__init__(self, F("headline"), F("dek"), F("slug"), F("byline_names"))


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search documents are as long as the story, and only the database reads them
        # or the bylines' names (which it keeps: left out, a save never writes them back).
        return (
            super().get_queryset().defer("search_document", "admin_search_document", "byline_names")
        )


def _correction_model():
    return apps.get_model("articles", "Correction")


def _video_model():
    return apps.get_model("articles", "Video")


def _image_model():
    return apps.get_model("articles", "Image")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class BylineStyle(models.TextChoices):
        TOP = "top", "Under the headline (“By …”)"
        SIGNOFF = "signoff", "Signed off at the end (“- …”)"

    headline = models.CharField(
        max_length=200, help_text="The story's headline, in sentence case or title case."
    )
    slug = models.SlugField(
        max_length=200,
        help_text="Words for the address; changing it later keeps old links working.",
    )
    dek = models.TextField(
        blank=True,
        max_length=600,
        help_text="One sentence under the headline that sums up the story (inline Markdown).",
    )
    dek_html = models.TextField(editable=False, default="")
    body = MarkdownxField(help_text=VIDEO_HELP)
    body_html = models.TextField(editable=False, default="")
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Where the story lives.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text="Readers see only published stories whose publish time has come.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers first see the story. A future time schedules it.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Shown as “Updated” when a published story changes."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = created_by_field()
    lead_video = models.ForeignKey(
        "articles.Video",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
        help_text="Played under the dek.",
    )
    videos = models.ManyToManyField(
        "articles.Video",
        through="articles.ArticleVideo",
        blank=True,
        editable=False,
        related_name="articles",
        help_text="Every video the story shows (lead and body), kept in sync on save.",
    )
    byline_style = models.CharField(
        max_length=10,
        choices=BylineStyle,
        default=BylineStyle.TOP,
        help_text="Where the byline appears.",
    )
    lead_image = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The picture at the top of the story and on social cards.",
    )
    images = models.ManyToManyField(
        "articles.Image",
        through="articles.ArticleImage",
        blank=True,
        editable=False,
        related_name="articles",
        help_text="Every picture the story shows (lead and body), kept in sync on save.",
    )
    tags = models.ManyToManyField(
        "articles.Tag",
        blank=True,
        related_name="articles",
        help_text="Topics the story belongs to; each has its own page.",
    )
    seo_title = models.CharField(
        max_length=200, blank=True, help_text="Headline for search engines, if different."
    )
    seo_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Summary for search engines, if different from the dek.",
    )

    search_document = models.GeneratedField(
        expression=search.SearchDocument(),
        output_field=search.SearchDocumentField(),
        db_persist=True,
        serialize=False,
        help_text="Headline, dek and body as search reads them, kept by the database.",
    )
    byline_names = models.TextField(
        editable=False,
        blank=True,
        default="",
        help_text=(
            "The names in the article's bylines, one a line, kept by PostgreSQL for the "
            "admin's search (empty on other databases)."
        ),
    )
    admin_search_document = models.GeneratedField(
        expression=AdminSearchDocument(),
        output_field=search.SearchDocumentField(),
        db_persist=True,
        serialize=False,
        help_text=(
            "Headline, dek, slug and bylines' names as the admin's search reads them, "
            "kept by the database."
        ),
    )

    objects = ArticleManager()

    class Meta:
        ordering = ("-published_at", "-pk")
        permissions = [("publish_article", "Can publish, schedule and withdraw articles")]
        indexes = [
            # Listings in their order, with the id: a deep page or a count of the archive
            # is read from the index alone (articles/reader/pagination.py).
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-published_at", "-id"],
                name="article_section_pub_idx",
            ),
            # The admin changelist and sitemaps list every article, newest first.
            models.Index(fields=["-published_at", "-id"], name="article_pub_id_idx"),
        ]
        # The GIN index on search_document is PostgreSQL's alone: see migration
        # 0011_search_document, which creates it there and nowhere else.
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "withdrawn"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.render_markdown()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.published_at
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "dek_html",
                "published_at",
                "first_published_at",
            }
        super().save(*args, **kwargs)
        # The videos the story shows follow its body and lead video wherever it is saved
        # from (the admin, a command, an import, the shell); they are rows of their own,
        # so they can only be written once the article has its id.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"body", "lead_video", "lead_video_id"} & set(update_fields):
            self.sync_videos()
        if update_fields is None or {"body", "lead_image", "lead_image_id"} & set(update_fields):
            self.sync_images()

    def get_absolute_url(self):
        return address("articles:detail", section=self.section.slug, slug=self.slug, pk=self.pk)

    def render_markdown(self):
        """Store the body and dek as sanitized HTML, as readers get them."""
        self.body_html = markdown_to_html(self.body)
        self.dek_html = markdown_inline(self.dek)

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        body = []
        unknown = self.unknown_video_references()
        if unknown:
            names = ", ".join(f"[[video:{slug}]]" for slug in unknown)
            body.append(f"No video has the reference {names}.")
        body += self.figure_errors()
        errors = {"body": body} if body else {}
        embargo = self.embargoed_until()
        if self.status == self.Status.PUBLISHED and embargo and self.published_at < embargo:
            errors["published_at"] = (
                f"The agency's embargo lasts until {embargo:%Y-%m-%d %H:%M} UTC: "
                "publish at or after it."
            )
        if errors:
            raise ValidationError(errors)

    def embargoed_until(self):
        """The latest embargo of the wire items this story was made from (None: none)."""
        if self.pk is None:
            return None
        items = apps.get_model("articles", "WireItem").objects.filter(article_id=self.pk)
        return items.aggregate(models.Max("embargoed_until"))["embargoed_until__max"]

    def image_references(self):
        return image_references(self.body)

    def figure_errors(self, now=None):
        """What is wrong with the pictures the body places: missing, out of their rights
        window, or without alt text."""
        refs = self.image_references()
        if not refs:
            return []
        now = now or timezone.now()
        found = {image.slug: image for image in _image_model().objects.filter(slug__in=refs)}
        errors = []
        missing = [slug for slug in refs if slug not in found]
        if missing:
            names = ", ".join(f"[[image:{slug}]]" for slug in missing)
            errors.append(f"No picture has the reference {names}.")
        for slug in refs:
            image = found.get(slug)
            if image is None:
                continue
            state = image.state(now)
            if state == image.State.EXPIRED:
                errors.append(
                    f"The picture [[image:{slug}]] is past its licence; readers would see "
                    "nothing. Take it out or extend its rights window."
                )
            elif state == image.State.PENDING:
                errors.append(
                    f"The picture [[image:{slug}]] is not available until its rights window "
                    "opens; readers would see nothing."
                )
            if not image.alt_text.strip():
                errors.append(
                    f"The picture [[image:{slug}]] has no alt text: describe it in the image "
                    "library first."
                )
        return errors

    def video_references(self):
        return video_references(self.body)

    def unknown_video_references(self):
        refs = self.video_references()
        if not refs:
            return []
        known = set(_video_model().objects.filter(slug__in=refs).values_list("slug", flat=True))
        return [slug for slug in refs if slug not in known]

    def sync_videos(self):
        """Record the lead video and every video the body references (``save`` does;
        call it again after adding a video that a saved body already names)."""
        wanted = set(
            _video_model()
            .objects.filter(slug__in=self.video_references())
            .values_list("pk", flat=True)
        )
        if self.lead_video_id:
            wanted.add(self.lead_video_id)
        self.videos.set(wanted)

    def figure_slugs(self):
        """The pictures the stored body places, read from ``body_html`` (the page defers
        the Markdown)."""
        return list(dict.fromkeys(match[1] for match in FIGURE_PLACEHOLDER.findall(self.body_html)))

    def sync_images(self):
        """Record the lead image and every picture the body places (``save`` does)."""
        wanted = set(
            _image_model()
            .objects.filter(slug__in=self.image_references())
            .values_list("pk", flat=True)
        )
        if self.lead_image_id:
            wanted.add(self.lead_image_id)
        self.images.set(wanted)

    def shown_lead_image(self, now=None):
        """The lead image if readers may see it at ``now``, else None."""
        image = self.lead_image if self.lead_image_id else None
        return image if image is not None and image.is_available(now) else None

    def next_picture_change(self, now):
        """The next instant a picture on the page appears or disappears."""
        images = list(self.images.all())
        if self.lead_image_id and self.lead_image_id not in {image.pk for image in images}:
            images.append(self.lead_image)
        return min(
            (t for t in (image.next_boundary(now) for image in images) if t is not None),
            default=None,
        )

    def next_video_change(self, now):
        """The next instant a video on the page opens or closes (fetched with ``for_page()``)."""
        videos = list(self.videos.all())
        if self.lead_video_id and self.lead_video_id not in {video.pk for video in videos}:
            videos.append(self.lead_video)  # not recorded among the videos: one more query
        return min(
            (t for t in (video.next_boundary(now) for video in videos) if t is not None),
            default=None,
        )

    def is_published(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
        )


class Byline(models.Model):
    class Role(models.IntegerChoices):
        # The values order the byline lines on the page.
        BY = 10, "By"
        ADDITIONAL = 20, "Additional reporting by"
        PHOTOS = 30, "Photographs by"
        VIDEO = 40, "Video by"
        TRANSLATED = 50, "Translated by"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey("articles.Person", on_delete=models.PROTECT, related_name="bylines")
    role = models.PositiveSmallIntegerField(choices=Role, default=Role.BY)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ("role", "order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="byline_unique_person_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[10, 20, 30, 40, 50]), name="byline_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.person}"


class Attribution(models.Model):
    class Phrase(models.TextChoices):
        CONTRIBUTED = "contributed to this report", "contributed to this report"
        REPORTING = "contributed reporting", "contributed reporting"
        INFORMATION = "contributed information", "contributed information"
        ORIGINAL = "originally published this story", "originally published this story"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attributions")
    organization = models.ForeignKey(
        "articles.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributions",
        help_text="Credit an organization…",
    )
    person = models.ForeignKey(
        "articles.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributions",
        help_text="…or a person, not both.",
    )
    phrase = models.CharField(
        max_length=100, choices=Phrase, default=Phrase.CONTRIBUTED, blank=True
    )
    custom_phrase = models.CharField(
        max_length=100,
        blank=True,
        help_text="Replaces the phrase above, e.g. “provided the photographs”.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ("order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, person__isnull=True)
                | Q(organization__isnull=True, person__isnull=False),
                name="attribution_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(phrase="") | ~Q(custom_phrase=""),
                name="attribution_has_phrase",
            ),
        ]

    def __str__(self):
        return f"{self.credited_name} {self.text_phrase}".strip()

    def clean(self):
        if bool(self.organization_id) == bool(self.person_id):
            raise ValidationError("Credit exactly one organization or one person.")
        if not (self.phrase or self.custom_phrase.strip()):
            raise ValidationError({"phrase": "Choose a phrase or write one."})

    @property
    def credited_name(self):
        """The name credited; blank on a row being edited that credits no one yet."""
        credited = self.organization if self.organization_id else self.person
        return credited.name if credited is not None else ""

    @property
    def text_phrase(self):
        return (self.custom_phrase.strip() or self.phrase).rstrip(".")
