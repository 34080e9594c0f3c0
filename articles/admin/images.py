from django import forms
from django.contrib import admin
from django.db import models

from articles.admin_site import GuardedModelAdmin
from articles.media import renditions
from articles.media.uploads import clean_image
from articles.models import Image


class ImageUploadField(forms.FileField):
    """A file input judged by ``articles.media.uploads`` instead of Django's generic image check:
    a refused upload gets a message that says why, and a decompression bomb is refused
    before the model reads its dimensions."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            clean_image(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"
        return attrs


@admin.register(Image)
class ImageAdmin(GuardedModelAdmin):
    list_display = ("alt_text", "credit", "width", "height", "created_at")
    search_fields = ("alt_text", "caption", "credit")
    readonly_fields = ("width", "height")
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            # Made now, while the editor waits, rather than on the first reader's request.
            renditions.prepare(obj)
