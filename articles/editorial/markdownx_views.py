"""
django-markdownx's preview and upload endpoints, behind staff login and permission.

markdownx ships them open to anyone; Newsroom routes its own subclasses under /admin/
and refuses every request from someone who may not write articles. Uploads go through
``articles.media.uploads`` like every other image, and every answer is JSON, so a refused
upload reads as a message in the editor and never as an error page.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from markdownx.views import ImageUploadView, MarkdownifyView

from articles.editorial.editor_preview import editor_preview
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
        """Store the re-encoded image under a generated name; return its address."""
        path = default_storage.save(
            self.cleaned.generated_path(settings.MARKDOWNX_MEDIA_PATH.rstrip("/")),
            ContentFile(self.cleaned.content),
        )
        return default_storage.url(path)


class UploadView(ArticleWriterRequired, ImageUploadView):
    form_class = EditorImageForm

    def form_invalid(self, form):
        return JsonResponse(form.errors, status=400)

    def form_valid(self, form):
        return JsonResponse({"image_code": f"![]({form.save()})"})
