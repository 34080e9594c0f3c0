"""
Unpublished stories in the reader template, for the people who may see them.

Editors and a story's reporters open the preview from the admin; anyone else needs a
share link. Previews are never cached and never indexed. A share link that is unknown,
expired or revoked answers the site's ordinary 404, so it tells nothing about the story.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from articles.editorial import rules
from articles.models import Article, PreviewLink


def preview_response(request, article, editors_notes=True):
    """``article``, fetched with ``for_page()``, as readers would get it; for the newsroom,
    with editors' notes where a video or picture is missing or not yet available (never for
    someone outside it, who holds only a share link)."""
    now = timezone.now()
    context = {
        "article": article,
        "now": now,
        "preview": editors_notes,
        "preview_state": rules.describe_state(article, now),
    }
    response = render(request, "articles/article_preview.html", context)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_preview(request, token):
    link = PreviewLink.objects.active().filter(token=token).first()
    if link is None:
        raise Http404
    article = Article.objects.for_page().get(pk=link.article_id)
    if article.status == Article.Status.WITHDRAWN:
        raise Http404  # a withdrawn story is gone for everyone without an account
    return preview_response(request, article, editors_notes=False)
