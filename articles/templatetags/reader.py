"""Template tags for reader pages: the article's videos as they stand now, its bylines and
credit line, pictures, social images, structured data, search snippets."""

import functools

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from articles import addresses, credits
from articles.markdown import (
    embed_figures,
    embed_videos,
    images_by_slug,
    render_video,
    sanitized,
    videos_by_slug,
)
from articles.media import renditions
from articles.reader import navigation, structured_data
from articles.reader.search import search_snippet_html
from articles.reader.video_schema import poster_rendition, video_object

register = template.Library()

JSON_LD_SCRIPT = '<script type="application/ld+json">{}</script>'

# Story pictures span the text column (42rem) on wide screens and the viewport on phones.
DEFAULT_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes=DEFAULT_SIZES, lazy=True, css_class=""):
    """<picture> with WebP and JPEG srcsets, width and height, lazy unless above the fold."""
    return {
        "image": image,
        "set": renditions.responsive(image),
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }


@register.inclusion_tag("includes/headshot.html")
def headshot(image, size=120):
    """A square portrait ``size`` CSS pixels wide, with WebP and JPEG crops for sharp screens."""
    crops = renditions.squares(image)
    return {
        "image": image,
        "size": size,
        "jpeg": crops["jpeg"],
        "webp": crops["webp"],
        "fallback": min(crops["jpeg"], key=lambda r: abs(r.width - 2 * size)),
    }


# Listing thumbnails: a third of a phone's width, 10rem on wider screens.
THUMBNAIL_SIZES = "(min-width: 46rem) 10rem, 33vw"


@register.inclusion_tag("includes/thumbnail.html")
def thumbnail(image, sizes=THUMBNAIL_SIZES):
    """A square crop around the focal point, for listing cards."""
    crops = renditions.squares(image)
    return {
        "image": image,
        "sizes": sizes,
        "jpeg": crops["jpeg"],
        "webp": crops["webp"],
        "fallback": crops["jpeg"][1] if len(crops["jpeg"]) > 1 else crops["jpeg"][0],
    }


@register.simple_tag
def poster_url(image):
    """A video poster's address: a rendition, never the stored original."""
    return poster_rendition(image).url


@register.simple_tag(takes_context=True)
def shown_lead_image(context, article):
    """The article's lead image if readers may see it now (the page's ``now`` if it has one)."""
    return article.shown_lead_image(context.get("now"))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return structured_data.absolute_url(context["request"], path)


@register.simple_tag(takes_context=True)
def social_image(context, image):
    """The 1200x630 card image and its absolute URL; the site's default without ``image``."""
    return structured_data.card_image(image, context["request"])


@register.simple_tag
def meta_description(article):
    return structured_data.description(article)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    request = context["request"]
    return structured_data.json_ld(
        structured_data.news_article(article, request)
    ) + structured_data.json_ld(structured_data.breadcrumbs(article, request))


@register.simple_tag
def address(name):
    """A reader address by URL name (``{% url %}`` without arguments, remembered)."""
    return addresses.address(name)


@register.filter(expects_localtime=True)
def iso(instant):
    """An instant in ISO 8601, in the site's time zone: ``|date:'c'``, cheaper."""
    return instant.isoformat() if instant else ""


@register.simple_tag
def search_snippet(article, terms):
    return search_snippet_html(article, terms)


@register.inclusion_tag("includes/site_nav.html")
def site_nav():
    """The sections readers can browse, in the editors' order."""
    return {"sections": navigation.sections()}


def _videos(article) -> dict:
    return videos_by_slug(article.videos.all())


@register.simple_tag(takes_context=True)
def lead_video(context, article, now) -> SafeString:
    """The lead video as readers get it at ``now``: player, slate, or nothing."""
    video = next((v for v in article.videos.all() if v.pk == article.lead_video_id), None)
    if video is None:  # not recorded among the article's videos: one more query
        video = article.lead_video
    return render_video(
        video, video.slug, now=now, preview=context.get("preview", False), embedded=False
    )


@register.simple_tag(takes_context=True)
def article_body(context, article, now) -> SafeString:
    """The body, sanitized when saved, with each video and picture as it stands at ``now``."""
    preview = context.get("preview", False)
    html = embed_videos(article.body_html, _videos(article), now=now, preview=preview)
    return embed_figures(html, images_by_slug(article.images.all()), now=now, preview=preview)


@register.simple_tag(takes_context=True)
def figure_json_ld(context, article, now) -> SafeString:
    """An ``ImageObject`` for each figure readers can see at ``now``, with its credits."""
    request = context["request"]
    shown = set(article.figure_slugs())
    return format_html_join(
        "\n  ",
        JSON_LD_SCRIPT,
        (
            (structured_data.json_text(structured_data.image_object(image, request)),)
            for image in article.images.all()
            if image.slug in shown and image.is_available(now)
        ),
    )


@register.simple_tag(takes_context=True)
def video_json_ld(context, article, now) -> SafeString:
    """A ``VideoObject`` for each video readers can play at ``now``, and none for the rest."""
    url = functools.partial(structured_data.absolute_url, context["request"])
    # json_text escapes everything that could end the script element.
    return format_html_join(
        "\n  ",
        JSON_LD_SCRIPT,
        (
            (structured_data.json_text(video_object(video, url)),)
            for video in article.videos.all()
            if video.is_available(now)
        ),
    )


@register.simple_tag
def credit_lines(article):
    return credits.credit_lines(article.attributions.all())


@register.simple_tag
def byline_lines(article, signoff=None):
    """The article's byline lines; signed off when the article's style says so, or as told."""
    if signoff is None:
        signoff = article.byline_style == article.BylineStyle.SIGNOFF
    return credits.byline_lines(article.bylines.all(), signoff=signoff)


@register.filter(name="sanitized")
def sanitized_filter(html):
    """A stored ``*_html`` field, sanitized by the Markdown renderer when its text was saved."""
    return sanitized(html)
