"""
Machine-readable descriptions of a story for search engines and social networks:
absolute URLs, schema.org NewsArticle and BreadcrumbList as JSON-LD.

Credits come from the same byline and attribution rows as the page (articles/credits.py),
so the structured data never names someone the page does not.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.addresses import address, static_address
from articles.conf import setting
from articles.markdown import plain_text
from articles.media import renditions
from articles.models import Byline

PUBLISHER_LOGO = ("img/logo.png", 600, 60)
# Characters that could end a <script> element or confuse an HTML parser, as JSON escapes.
_JSON_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def site_url(request) -> str:
    """The site's root without a trailing slash: NEWSROOM_SITE_URL, else the request's host."""
    known = getattr(request, "site_url", None)
    if known is None:
        configured = setting("NEWSROOM_SITE_URL")
        known = request.site_url = (
            configured.rstrip("/") if configured else f"{request.scheme}://{request.get_host()}"
        )
    return known


def absolute_url(request, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + path


def description(article) -> str:
    """The summary shown by search engines and social cards, as plain text."""
    return plain_text(article.seo_description or article.dek)[:300]


def _person(person, request) -> dict:
    return {
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(request, person.get_absolute_url()),
    }


def _organization(organization) -> dict:
    data = {"@type": "Organization", "name": organization.name}
    if organization.homepage:
        data["url"] = organization.homepage
    return data


def publisher(request) -> dict:
    path, width, height = PUBLISHER_LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": setting("NEWSROOM_SITE_NAME"),
        "url": site_url(request) + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(request, static_address(path)),
            "width": width,
            "height": height,
        },
    }


def news_article(article, request) -> dict:
    """schema.org NewsArticle for an article fetched with ``for_page()``."""
    canonical = absolute_url(request, article.get_absolute_url())
    bylines = list(article.bylines.all())
    attributions = list(article.attributions.all())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": description(article),
        "author": [_person(b.person, request) for b in bylines if b.role == Byline.Role.BY],
        "publisher": publisher(request),
        "articleSection": article.section.name,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "isAccessibleForFree": True,
    }
    if article.published_at:  # a draft in preview has no dates yet
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = (article.updated_at or article.published_at).isoformat()
    lead = article.shown_lead_image()
    if lead is not None:
        data["image"] = [
            absolute_url(request, renditions.social(lead).url),
            absolute_url(request, renditions.responsive(lead).jpeg[-1].url),
        ]
    else:
        data["image"] = [card_image(None, request)["url"]]
    contributors = [_person(b.person, request) for b in bylines if b.role != Byline.Role.BY]
    contributors += [_person(a.person, request) for a in attributions if a.person_id]
    if contributors:
        data["contributor"] = contributors
    organizations = [_organization(a.organization) for a in attributions if a.organization_id]
    if organizations:
        data["sourceOrganization"] = organizations
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data


def card_image(image, request) -> dict:
    """The social card picture: the image's 1200x630 crop, or the site's default image."""
    if image is None:
        path, width, height, alt = setting("NEWSROOM_DEFAULT_IMAGE")
        return {
            "url": absolute_url(request, static_address(path)),
            "width": width,
            "height": height,
            "alt": alt,
        }
    rendition = renditions.social(image)
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.alt_text,
    }


def image_object(image, request) -> dict:
    """schema.org ImageObject for a figure, with its credits when they are known."""
    largest = renditions.responsive(image).jpeg[-1]
    data = {
        "@context": "https://schema.org",
        "@type": "ImageObject",
        "contentUrl": absolute_url(request, largest.url),
        "width": largest.width,
        "height": largest.height,
        "caption": image.caption or image.alt_text,
    }
    if image.credit_line:
        data["creditText"] = image.credit_line
    if image.photographer_id:
        data["creator"] = _person(image.photographer, request)
    elif image.agency_id:
        data["creator"] = _organization(image.agency)
    if image.copyright_notice:
        data["copyrightNotice"] = image.copyright_notice
    if image.usage_terms.startswith(("https://", "http://")):
        data["license"] = image.usage_terms
    return data


def breadcrumbs(article, request) -> dict:
    trail = [
        (setting("NEWSROOM_SITE_NAME"), address("articles:home")),
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def json_text(data) -> SafeString:
    """JSON that is safe inside a <script> element: nothing in it can end the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308 (escaped just above)


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element whose content cannot break out of it."""
    return format_html('<script type="application/ld+json">{}</script>', json_text(data))
