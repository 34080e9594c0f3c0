"""The content API's views: a list of published articles and one article, as ninjs.

Read-only and anonymous, from ``Article.objects.published()`` only. Like every reader
page, each answer carries content keys and bounded cache headers; the ETag and 304s come
from ``ConditionalGetMiddleware``.
"""

import base64
import binascii
import json
from datetime import datetime

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from articles.admin_site import has_nul
from articles.api import ninjs
from articles.conf import setting
from articles.delivery import keys
from articles.delivery.lifetimes import bound_lifetime, reader_cache_headers
from articles.instants import storable
from articles.models import Article, Section

JSON_OPTIONS = {"ensure_ascii": False}


def error(request, message, status=400):
    response = JsonResponse({"error": message}, status=status)
    return reader_cache_headers(keys.label(response, ()), request)


def encode_cursor(article) -> str:
    raw = json.dumps([article.published_at.isoformat(), article.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str):
    """The (publish time, id) a cursor names, or None when it names nothing."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        published, pk = json.loads(raw)
        published = datetime.fromisoformat(published)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if timezone.is_naive(published) or not isinstance(pk, int) or not 0 < pk < 2**63:
        return None
    if storable(published) is None:
        return None
    return published, pk


def parse_since(value: str):
    try:
        since = parse_datetime(value.strip().replace(" ", "+"))
    except ValueError:
        return None
    if since is not None and timezone.is_naive(since):
        since = timezone.make_aware(since, timezone.get_fixed_timezone(0))
    return storable(since)


@require_safe
def article_list(request):
    """Published articles, newest first: ``?section=slug``, ``?since=ISO time`` (changed
    since), ``?cursor=`` from the previous page's ``next``."""
    articles = Article.objects.published()
    list_key = keys.ARTICLES
    if has_nul(request.GET):
        return error(request, "A NUL character in the address.")
    if request.GET.get("section"):
        section = Section.objects.filter(slug=request.GET["section"][:100]).first()
        if section is None:
            return error(request, "No section has that slug.", status=404)
        articles = articles.in_section(section)
        list_key = keys.articles_of("section", section.pk)
    if request.GET.get("since"):
        since = parse_since(request.GET["since"])
        if since is None:
            return error(request, "since must be an ISO 8601 time, e.g. 2026-06-11T09:00:00Z.")
        articles = articles.filter(modified_at__gte=since)
    if request.GET.get("cursor"):
        position = decode_cursor(request.GET["cursor"])
        if position is None:
            return error(request, "The cursor is not one this API gave.")
        published, pk = position
        articles = articles.filter(published_at__lte=published).exclude(
            published_at=published, pk__gte=pk
        )
    size = setting("NEWSROOM_API_PAGE_SIZE")
    page = list(ninjs.for_api(articles.order_by("-published_at", "-pk"))[: size + 1])
    more, page = len(page) > size, page[:size]
    query = request.GET.copy()
    if more:
        query["cursor"] = encode_cursor(page[-1])
    now = timezone.now()
    body = {
        "items": [ninjs.serialize(request, article, now) for article in page],
        "next": request.build_absolute_uri("?" + query.urlencode()) if more else None,
    }
    response = JsonResponse(body, json_dumps_params=JSON_OPTIONS)
    shown = keys.of_listed(page)
    for article in page:
        shown |= {keys.thing("tag", tag.pk) for tag in article.tags.all()}
        shown |= {
            keys.thing("organization", a.organization_id)
            for a in article.attributions.all()
            if a.organization_id
        }
    # An edit to any published article purges "feeds": the list shows what changed since.
    keys.label(response, {keys.FEEDS, list_key, *shown})
    bound_lifetime(response, Article.objects.next_publication_at())
    bound_lifetime(response, lead_picture_change(page, now))
    return reader_cache_headers(response, request)


@require_safe
def article_detail(request, pk):
    article = get_object_or_404(Article.objects.published().for_page(), pk=pk)
    now = timezone.now()
    response = JsonResponse(ninjs.serialize(request, article, now), json_dumps_params=JSON_OPTIONS)
    keys.label(response, keys.of_article_page(article))
    bound_lifetime(response, lead_picture_change([article], now))
    return reader_cache_headers(response, request)


def lead_picture_change(articles, now):
    """The next instant one of these articles' lead pictures appears or disappears."""
    changes = (a.lead_image.next_boundary(now) for a in articles if a.lead_image_id)
    return min((t for t in changes if t is not None), default=None)
