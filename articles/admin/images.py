from django.contrib import admin

from articles import renditions
from articles.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("alt_text", "credit", "width", "height", "created_at")
    search_fields = ("alt_text", "caption", "credit")
    readonly_fields = ("width", "height")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            # Made now, while the editor waits, rather than on the first reader's request.
            renditions.prepare(obj)
