from django.contrib import admin
from django.db.models import Count

from articles.admin_site import GuardedModelAdmin
from articles.models import Tag


@admin.register(Tag)
class TagAdmin(GuardedModelAdmin):
    list_display = ("name", "slug", "story_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)  # the story count groups rows, so order explicitly

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("articles"))

    @admin.display(description="Stories", ordering="story_count")
    def story_count(self, tag):
        return tag.story_count
