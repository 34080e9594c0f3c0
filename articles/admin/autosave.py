"""
Autosave on the article form: its unsaved contents kept on the server while it is open.

``static/js/autosave.js`` posts the form's fields every few seconds and when the page is
left; a user's copy is one ``Autosave`` row per article (and one for a new article), never
a revision, never a change to the article. Reopening the form offers the copy back (what
differs and when it was kept) to restore or discard. Every endpoint acts on the signed-in
user's own copy of an article they may change, so nobody sees another's unsaved text.
"""

import functools
import json

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.admin.publishing import opened_article
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
        for text in (name, *values, *labels):
            if "\x00" in text:
                raise ValueError("a NUL character")
            text.encode()  # UnicodeEncodeError, a ValueError, on half a surrogate pair
        if name == "csrfmiddlewaretoken" or SECRET_NAMES.search(name):
            continue
        fields.append([name, values, labels])
    return fields


def urls(model_admin):
    """The endpoints that keep and discard the user's copy of an article's form."""
    name = "articles_article_autosave"
    keep = model_admin.admin_site.admin_view(
        functools.partial(autosave_view, model_admin=model_admin)
    )
    discard = model_admin.admin_site.admin_view(
        functools.partial(discard_view, model_admin=model_admin)
    )
    return [
        path("add/autosave/", keep, name=f"{name}_new"),
        path("add/autosave/discard/", discard, name=f"{name}_new_discard"),
        path("<path:object_id>/autosave/", keep, name=name),
        path("<path:object_id>/autosave/discard/", discard, name=f"{name}_discard"),
    ]


def autosaved_article(model_admin, request, object_id):
    """The article whose form the user may autosave (None for a new one), or refusal."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    return opened_article(model_admin, request, object_id, model_admin.has_change_permission)


@require_POST
def autosave_view(request, object_id=None, *, model_admin):
    article = autosaved_article(model_admin, request, object_id)
    try:
        fields = clean_fields(json.loads(request.body))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return JsonResponse({"error": "Send the form's fields as JSON."}, status=400)
    autosave, _ = Autosave.objects.update_or_create(
        user=request.user, article=article, defaults={"fields": fields}
    )
    return JsonResponse({"kept_at": autosave.kept_at.isoformat()})


@require_POST
def discard_view(request, object_id=None, *, model_admin):
    article = autosaved_article(model_admin, request, object_id)
    Autosave.objects.of(request.user, article).delete()
    if object_id is None:
        return redirect(reverse("admin:articles_article_add"))
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


def form_context(model_admin, request, obj):
    """For the change form: the endpoints and the kept copy to offer back, when the user
    may edit what the form shows and is opening it."""
    may_edit = (obj is None and model_admin.has_add_permission(request)) or (
        obj is not None and model_admin.has_change_permission(request, obj)
    )
    if not (may_edit and request.method == "GET"):
        return {}
    prefix = "admin:articles_article_autosave"
    if obj is None:
        endpoints = (reverse(f"{prefix}_new"), reverse(f"{prefix}_new_discard"))
    else:
        endpoints = (reverse(prefix, args=[obj.pk]), reverse(f"{prefix}_discard", args=[obj.pk]))
    autosave = Autosave.objects.of(request.user, obj).first()
    return {
        "autosave_url": endpoints[0],
        "autosave_discard_url": endpoints[1],
        "autosave": autosave,
        "autosave_older": (
            autosave is not None
            and obj is not None
            and obj.modified_at is not None
            and obj.modified_at > autosave.kept_at
        ),
    }


def forget(user, article):
    """Drop the user's copy once the form is saved (``article`` None: a new article's)."""
    Autosave.objects.of(user, article).delete()
