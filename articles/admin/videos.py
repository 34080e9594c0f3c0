from django.contrib import admin
from django.utils import timezone

from articles.models import Video


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
