"""
django-markdownx's preview and upload endpoints, behind staff login and permission.

markdownx ships them open to anyone; Newsroom routes its own subclasses under /admin/
and refuses every request from someone who may not write articles. Uploads go through
``articles.media.uploads`` like every other image, and every answer is JSON, so a refused
upload reads as a message in the editor and never as an error page. An uploaded picture
joins the image library (its IPTC and XMP fill its caption and credit) and the editor gets
its figure reference, ``[[image:slug]]``, to place in the body.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from markdownx.views import ImageUploadView, MarkdownifyView

from articles.editorial.editor_preview import editor_preview
from articles.media.metadata import MetadataError, prefill, read_metadata
from articles.media.uploads import clean_image


def can_write_articles(user):
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


class ArticleWriterRequired(UserPassesTestMixin):
    raise_exception = True  # 403 for everyone refused, anonymous included: no login redirect.
    http_method_names = ["post"]

    def test_func(self):
        return can_write_articles(self.request.user)


class PreviewView(ArticleWriterRequired, MarkdownifyView):
    def post(self, request, *args, **kwargs):
        return HttpResponse(editor_preview(request.POST.get("content", "")))


class EditorImageForm(forms.Form):
    """One image from the editor's drop zone, checked and re-encoded before it is stored."""

    image = forms.FileField()

    def clean_image(self):
        try:
            self.cleaned = clean_image(
                self.cleaned_data["image"],
                max_bytes=settings.MARKDOWNX_UPLOAD_MAX_SIZE,
                fit=settings.MARKDOWNX_IMAGE_MAX_SIZE["size"],
            )
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages, code=exc.code) from exc
        return self.cleaned_data["image"]

    def save(self):
        """Add the picture to the image library, its empty fields filled from its own
        metadata; return it and a note for the editor."""
        from articles.models import Image

        upload = self.cleaned_data["image"]
        image = Image(file=self.cleaned.as_file())  # shrunk to the editor's box
        try:
            prefill(image, read_metadata(upload))
            note = ""
        except MetadataError as exc:
            note = f"{exc} Give the picture its caption and credit in the image library."
        image.save()
        return image, note


class UploadView(ArticleWriterRequired, ImageUploadView):
    form_class = EditorImageForm

    def test_func(self):
        return super().test_func() and self.request.user.has_perm("articles.add_image")

    def form_invalid(self, form):
        return JsonResponse(form.errors, status=400)

    def form_valid(self, form):
        image, note = form.save()
        answer = {"image_code": f"\n\n[[image:{image.slug}]]\n\n", "image": image.slug}
        if note:
            answer["note"] = note
        return JsonResponse(answer)
