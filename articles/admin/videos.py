from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timeuntil

from articles.admin_site import GuardedModelAdmin
from articles.editorial import rules
from articles.models import Article, Video
from articles.models.videos import EXPIRY_WARNING


class RightsStatusFilter(admin.SimpleListFilter):
    title = "rights status"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return (
            ("available", "Available"),
            ("expiring", f"Expiring within {EXPIRY_WARNING.days} days"),
            ("expired", "Expired or taken down"),
            ("pending", "Not yet available"),
        )

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "available":
                return queryset.available(now)
            case "expiring":
                return queryset.expiring_within(EXPIRY_WARNING, now)
            case "expired":
                return queryset.expired(now)
            case "pending":
                return queryset.pending(now)
        return queryset


@admin.register(Video)
class VideoAdmin(GuardedModelAdmin):
    list_display = (
        "title",
        "slug",
        "rights_status",
        "available_from",
        "expires_at",
        "article_count",
    )
    list_filter = (RightsStatusFilter, "provider", "removal_reason")
    search_fields = ("title", "slug", "caption")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("poster", "credit_organization")
    list_select_related = ("credit_organization",)
    date_hierarchy = "created_at"
    readonly_fields = ("rights_status", "articles_using")
    fieldsets = (  # the form's fields, grouped
        (None, {"fields": ("title", "slug", "description", "caption")}),
        (
            "Source",
            {"fields": ("file", "source_url", "provider", "provider_id", "poster", "duration")},
        ),
        ("Credit", {"fields": ("credit_organization", "credit_text")}),
        ("Rights", {"fields": ("available_from", "expires_at", "removal_reason", "rights_status")}),
        ("Used in", {"fields": ("articles_using",)}),
    )

    # Explicit: the article-count annotation groups rows, which drops Meta.ordering.
    ordering = ("-created_at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "provider_id":
            # Room for a pasted page address; the model keeps only the id it contains.
            kwargs["max_length"] = 500
            kwargs["help_text"] = (
                f"{db_field.help_text} You may paste the video's YouTube or Vimeo address."
            )
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Rights")
    def rights_status(self, video):
        if video.pk is None:
            return "—"
        now = timezone.now()
        if video.expires_within(EXPIRY_WARNING, now):
            return f"Expiring in {timeuntil(video.expires_at, now, depth=1)}"
        return video.state(now).label

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, video):
        return video.article_count

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.viewer = request.user  # whose list of articles the page shows
        return obj

    @admin.display(description="Articles using this video")
    def articles_using(self, video):
        if video.pk is None:
            return "—"
        viewer = getattr(video, "viewer", None)
        if viewer is None:
            return "—"
        articles = rules.visible_articles(viewer, video.articles.select_related("section"))
        articles = articles.order_by("-published_at", "-pk")
        if not articles:
            return "No article shows this video."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.headline,
                        article.get_status_display().lower(),
                    )
                    for article in articles
                ),
            ),
        )

    def get_deleted_objects(self, objs, request):
        """Name the articles that stop a video's deletion, each linked to its admin page."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            videos = [video.pk for video in objs]
            articles = (
                Article.objects.filter(videos__in=videos)
                | Article.objects.filter(lead_video__in=videos)
            ).distinct()
            protected = [
                format_html(
                    'Article: <a href="{}">{}</a>',
                    reverse("admin:articles_article_change", args=[article.pk]),
                    article.headline,
                )
                for article in articles.order_by("headline", "pk")
            ]
        return deleted, model_count, perms_needed, protected


def warn_about_video_rights(request, article, now=None):
    """Tell the editor, without blocking the save, about videos the story shows that are
    expired or expire soon."""
    now = now or timezone.now()
    for video in article.videos.order_by("expires_at", "pk"):
        if video.state(now) in {Video.State.EXPIRED, Video.State.REMOVED}:
            messages.warning(
                request,
                f"The video “{video.title}” is no longer available; readers see "
                f"“{video.reader_message}” in its place.",
            )
        elif video.expires_within(EXPIRY_WARNING, now):
            when = date_format(timezone.localtime(video.expires_at), "DATETIME_FORMAT")
            messages.warning(
                request,
                f"The video “{video.title}” expires on {when}; after that readers see "
                f"“{video.reader_message}” in its place.",
            )
