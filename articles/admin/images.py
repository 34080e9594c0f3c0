from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html

from articles.admin.accessibility import NamedInputsMixin
from articles.admin.rights import (
    RightsStatusFilter,
    RightsWindowAdmin,
    linked_articles,
    protecting_articles,
)
from articles.editorial import rules
from articles.media import renditions
from articles.media.metadata import MetadataError, prefill, read_metadata
from articles.media.uploads import clean_image
from articles.models import Image
from articles.models.images import CENTRE


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


class FocalPointInput(forms.NumberInput):
    """A number from 0 to 1; static/js/focal-point.js sets it from a click on the picture."""

    def __init__(self, axis):
        super().__init__(attrs={"min": "0", "max": "1", "step": "0.001", "data-focal-axis": axis})


# Who made the picture and on what terms it is used: a field group of the form.
CREDIT_AND_RIGHTS = (
    "photographer",
    "agency",
    "credit",
    "copyright_notice",
    "usage_terms",
    "taken_at",
)


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = (
            "file",
            "alt_text",
            "caption",
            "slug",
            "focal_x",
            "focal_y",
            *CREDIT_AND_RIGHTS,
            "available_from",
            "expires_at",
        )
        widgets = {"focal_x": FocalPointInput("x"), "focal_y": FocalPointInput("y")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y"):
            if name in self.fields:
                self.fields[name].required = False

    def clean_focal_x(self):
        return self._focal("focal_x")

    def clean_focal_y(self):
        return self._focal("focal_y")

    def _focal(self, name):
        value = self.cleaned_data.get(name)
        return CENTRE if value is None else value


@admin.register(Image)
class ImageAdmin(NamedInputsMixin, RightsWindowAdmin):
    form = ImageForm
    list_display = ("alt_text", "slug", "credit_line", "rights_status", "width", "height")
    list_filter = (RightsStatusFilter,)
    list_select_related = ("photographer", "agency")
    search_fields = ("alt_text", "slug", "caption", "credit")
    autocomplete_fields = ("photographer", "agency")
    readonly_fields = ("focal_point_picker", "width", "height", "rights_status", "articles_using")
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}
    fieldsets = (
        (None, {"fields": ("file", "alt_text", "caption", "slug")}),
        (
            "Focal point",
            {
                "fields": ("focal_point_picker", ("focal_x", "focal_y")),
                "description": "Click on the subject of the picture (a face, say): every crop "
                "keeps that point in frame.",
            },
        ),
        (
            "Credit and rights",
            {"fields": CREDIT_AND_RIGHTS},
        ),
        ("Rights window", {"fields": ("available_from", "expires_at", "rights_status")}),
        ("Used in", {"fields": ("articles_using", "width", "height")}),
    )

    class Media:  # replaces NamedInputsMixin.Media: its files are named again here
        js = ("js/admin-names.js", "js/focal-point.js")
        css = {"all": ("css/admin.css", "css/focal-point.css")}

    @admin.display(description="Credit")
    def credit_line(self, image):
        return image.credit_line

    @admin.display(description="Picture")
    def focal_point_picker(self, image):
        if image.pk is None or not image.file:
            return "Save the picture first, then click on it to set its focal point."
        # The stored file (re-encoded at upload): showing the form makes no rendition.
        return format_html(
            '<div class="focal-point" data-focal-point>'
            '<img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-point-marker" data-focal-marker hidden></span></div>',
            image.file.url,
            image.width,
            image.height,
            f"Focal point of: {image.alt_text}",
        )

    @admin.display(description="Articles using this picture")
    def articles_using(self, image):
        viewer = getattr(image, "viewer", None)
        if image.pk is None or viewer is None:
            return "—"
        articles = rules.visible_articles(viewer, image.articles_using())
        if not articles:
            return "No article shows this picture."
        return linked_articles(articles)

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            prefill_from_upload(request, obj, form.cleaned_data["file"])
        super().save_model(request, obj, form, change)
        if {"file", "focal_x", "focal_y"} & set(form.changed_data):
            # Made now, while the editor waits, rather than on the first reader's request.
            renditions.prepare(obj)

    def get_deleted_objects(self, objs, request):
        """Name the articles that stop a picture's deletion, each linked to its admin page."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        articles = {article for image in objs for article in image.articles_using()}
        if articles:
            protected = protecting_articles(sorted(articles, key=lambda a: (a.headline, a.pk))) + [
                line for line in protected if not str(line).startswith("Article")
            ]
        return deleted, model_count, perms_needed, protected


def prefill_from_upload(request, image, upload):
    """Fill the picture's empty fields from its IPTC and XMP, and tell the editor which."""
    try:
        filled = prefill(image, read_metadata(upload))
    except MetadataError as exc:
        messages.warning(
            request,
            f"{exc} The picture was kept; fill in its caption and credit yourself.",
        )
        return
    if filled:
        labels = ", ".join(str(image._meta.get_field(name).verbose_name) for name in filled)
        messages.info(request, f"Filled in from the picture's own metadata: {labels}.")
