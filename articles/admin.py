from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from articles.models import (
    Article,
    Attribution,
    Byline,
    Image,
    Organization,
    Person,
    Section,
    Video,
)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("alt_text", "credit", "width", "height", "created_at")
    search_fields = ("alt_text", "caption", "credit")
    readonly_fields = ("width", "height")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "job_title", "active", "user")
    list_filter = ("active",)
    search_fields = ("name", "job_title")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("headshot", "user")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("logo",)


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "rights_status", "available_from", "expires_at")
    search_fields = ("title", "slug", "caption")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("poster", "credit_organization")
    list_select_related = ("credit_organization",)
    date_hierarchy = "created_at"

    @admin.display(description="Rights")
    def rights_status(self, video):
        return video.state(timezone.now()).label


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "role", "order")


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    autocomplete_fields = ("organization", "person")
    fields = ("organization", "person", "phrase", "custom_phrase", "order")


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    list_display = ("headline", "section", "status", "published_at", "view_on_site_link")
    list_filter = ("status", "section", "published_at")
    list_select_related = ("section",)
    search_fields = ("headline", "dek", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "lead_video")
    inlines = (BylineInline, AttributionInline)
    fieldsets = (
        (None, {"fields": ("headline", "slug", "dek", "section", "lead_video", "body")}),
        ("Publishing", {"fields": ("status", "published_at", "updated_at", "byline_style")}),
        ("Search engines", {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)}),
    )

    @admin.display(description="On site")
    def view_on_site_link(self, article):
        if not article.is_published():
            return "—"
        return format_html('<a href="{}">View</a>', article.get_absolute_url())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.sync_videos()
