from django.contrib import admin

from articles.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("alt_text", "credit", "width", "height", "created_at")
    search_fields = ("alt_text", "caption", "credit")
    readonly_fields = ("width", "height")
