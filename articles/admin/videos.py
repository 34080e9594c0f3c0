from django.contrib import admin
from django.db import models

from articles.admin.rights import (
    RightsStatusFilter,
    RightsWindowAdmin,
    linked_articles,
    protecting_articles,
)
from articles.editorial import rules
from articles.models import Article, Video


@admin.register(Video)
class VideoAdmin(RightsWindowAdmin):
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

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, video):
        return video.article_count

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
        return linked_articles(articles)

    def get_deleted_objects(self, objs, request):
        """Name the articles that stop a video's deletion, each linked to its admin page."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            videos = [video.pk for video in objs]
            articles = (
                Article.objects.filter(videos__in=videos)
                | Article.objects.filter(lead_video__in=videos)
            ).distinct()
            protected = protecting_articles(articles.order_by("headline", "pk"))
        return deleted, model_count, perms_needed, protected
