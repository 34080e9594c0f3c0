"""
Autosave on the article form: its unsaved contents kept on the server while it is open.

``static/js/autosave.js`` posts the form's fields every few seconds and when the page is
left; a user's copy is one ``Autosave`` row per article (and one for a new article), never
a revision, never a change to the article. Reopening the form offers the copy back (what
differs and when it was kept) to restore or discard. Every endpoint acts on the signed-in
user's own copy of an article they may change, so nobody sees another's unsaved text.
"""

import json

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from articles.editorial.kept_submissions import SECRET_NAMES
from articles.models import Autosave

MAX_ENTRIES = 2000
MAX_NAME = 200


def clean_fields(payload):
    """The posted ``[[name, [values], [labels]], ...]``, checked; ValueError when it is not."""
    if not isinstance(payload, list) or len(payload) > MAX_ENTRIES:
        raise ValueError("not a list of fields")
    fields = []
    for entry in payload:
        if not isinstance(entry, list) or len(entry) not in (2, 3):
            raise ValueError("not a field")
        name, values, labels = entry[0], entry[1], entry[2] if len(entry) == 3 else []
        if not isinstance(name, str) or not name or len(name) > MAX_NAME:
            raise ValueError("not a field name")
        for items in (values, labels):
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                raise ValueError("not a list of texts")
        if "\x00" in name or any("\x00" in item for item in values + labels):
            raise ValueError("a NUL character")
        if name == "csrfmiddlewaretoken" or SECRET_NAMES.search(name):
            continue
        fields.append([name, values, labels])
    return fields


class AutosaveMixin:
    """For the article admin: the autosave endpoints and the restore offer."""

    change_form_template = "admin/articles/article/change_form.html"

    def get_urls(self):
        name = "articles_article_autosave"
        wrap = self.admin_site.admin_view
        return [
            path("add/autosave/", wrap(self.autosave_view), name=f"{name}_new"),
            path(
                "add/autosave/discard/",
                wrap(self.discard_autosave_view),
                name=f"{name}_new_discard",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(self.autosave_view),
                name=name,
            ),
            path(
                "<path:object_id>/autosave/discard/",
                wrap(self.discard_autosave_view),
                name=f"{name}_discard",
            ),
            *super().get_urls(),
        ]

    def autosaved_article(self, request, object_id):
        """The article whose form the user may autosave (None for a new one), or refusal."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        pk = self.article_pk(object_id)
        article = self.get_object(request, unquote(object_id)) if pk is not None else None
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    @method_decorator(require_POST)
    def autosave_view(self, request, object_id=None):
        article = self.autosaved_article(request, object_id)
        try:
            fields = clean_fields(json.loads(request.body))
        except (ValueError, UnicodeDecodeError, RecursionError):
            return HttpResponseBadRequest("Send the form's fields as JSON.")
        autosave, _ = Autosave.objects.update_or_create(
            user=request.user, article=article, defaults={"fields": fields}
        )
        return JsonResponse({"kept_at": autosave.kept_at.isoformat()})

    @method_decorator(require_POST)
    def discard_autosave_view(self, request, object_id=None):
        article = self.autosaved_article(request, object_id)
        Autosave.objects.of(request.user, article).delete()
        if object_id is None:
            return redirect(reverse("admin:articles_article_add"))
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def autosave_context(self, request, obj):
        prefix = "admin:articles_article_autosave"
        if obj is None:
            urls = (reverse(f"{prefix}_new"), reverse(f"{prefix}_new_discard"))
        else:
            urls = (reverse(prefix, args=[obj.pk]), reverse(f"{prefix}_discard", args=[obj.pk]))
        autosave = Autosave.objects.of(request.user, obj).first()
        return {
            "autosave_url": urls[0],
            "autosave_discard_url": urls[1],
            "autosave": autosave,
            "autosave_older": (
                autosave is not None
                and obj is not None
                and obj.modified_at is not None
                and obj.modified_at > autosave.kept_at
            ),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_edit = (obj is None and self.has_add_permission(request)) or (
            obj is not None and self.has_change_permission(request, obj)
        )
        if may_edit and request.method == "GET":
            context.update(self.autosave_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        Autosave.objects.of(request.user, None).delete()
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        Autosave.objects.of(request.user, obj).delete()
        return super().response_change(request, obj)
