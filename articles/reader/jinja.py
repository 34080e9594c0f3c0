"""
The reader pages' templates (Jinja2, in ``templates/reader/``): the helpers and filters
they call. The admin keeps Django's template language.

Django's templates cost most of a rendered article page's time; Jinja2 compiles templates
to Python and renders the same page several times faster. Like Django's, it escapes every
value unless it is marked safe (``format_html``, the sanitizer), and a missing value is
empty, not an error.
"""

import functools

from django.conf import settings
from django.template import defaultfilters
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from jinja2 import ChainableUndefined, Environment, pass_context

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

JSON_LD_SCRIPT = '<script type="application/ld+json">{}</script>'

# Story pictures span the text column (42rem) on wide screens and the viewport on phones.
DEFAULT_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"
# Listing thumbnails: a third of a phone's width, 10rem on wider screens.
THUMBNAIL_SIZES = "(min-width: 46rem) 10rem, 33vw"


def environment(**options):
    """The environment Django's Jinja2 backend renders reader pages with."""
    # Django's backend passes its own choices for these; reader templates need these.
    options.update(undefined=ChainableUndefined, keep_trailing_newline=True)
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.globals.update(
        {
            "address": address,
            "url": url,
            "static": addresses.static_address,
            "current_year": current_year,
            "gettext": gettext,
            "ngettext": ngettext,
            "querystring": querystring,
            "site_nav": site_nav,
            "picture": picture,
            "headshot": headshot,
            "thumbnail": thumbnail,
            "poster_url": poster_url,
            "shown_lead_image": shown_lead_image,
            "absolute_url": absolute_url,
            "social_image": social_image,
            "meta_description": structured_data.description,
            "article_json_ld": article_json_ld,
            "search_snippet": search_snippet_html,
            "lead_video": lead_video,
            "article_body": article_body,
            "figure_json_ld": figure_json_ld,
            "video_json_ld": video_json_ld,
            "credit_lines": credit_lines,
            "byline_lines": byline_lines,
        }
    )
    env.filters.update(
        {
            "date": date,
            "iso": iso,
            "day": day,
            "sanitized": sanitized,
            "truncatechars": defaultfilters.truncatechars,
            "floatformat": defaultfilters.floatformat,
            "pluralize": defaultfilters.pluralize,
        }
    )
    return env


def _render(env, name, context):
    return SafeString(env.get_template(name).render(context))


# Addresses and instants.


def address(name):
    """A reader address by URL name, remembered (``articles.addresses``)."""
    return addresses.address(name)


def url(name, *args):
    """A reader address by URL name and positional arguments."""
    return reverse(name, args=args)


def current_year():
    return timezone.localdate().year


def _local(instant):
    return timezone.template_localtime(instant, settings.USE_TZ)


def date(instant, format=None):
    """Django's ``date`` filter, in the site's time zone as Django's templates show it."""
    return defaultfilters.date(_local(instant), format)


def day(instant):
    """The day, as ``|date("N j, Y")`` writes it ("Sept. 4, 2026"), for lists of stories."""
    if not instant:
        return ""
    local = _local(instant)
    return f"{MONTHS_AP[local.month]} {local.day}, {local.year}"


def iso(instant):
    """An instant in ISO 8601, in the site's time zone (Django's ``|date:'c'``)."""
    return _local(instant).isoformat() if instant else ""


@pass_context
def querystring(context, **changes):
    """The request's query string with ``changes`` (``None`` removes a key), as Django's
    ``{% querystring %}`` makes it."""
    current = context["request"].GET
    params = current.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if not params and not current:
        return ""
    return f"?{params.urlencode()}"


# Pictures.


@pass_context
def picture(context, image, sizes=DEFAULT_SIZES, lazy=True, css_class=""):
    """<picture> with WebP and JPEG srcsets, width and height, lazy unless above the fold."""
    return _render(
        context.environment,
        "includes/picture.html",
        {
            "image": image,
            "sources": renditions.responsive(image),
            "sizes": sizes,
            "lazy": lazy,
            "css_class": css_class,
        },
    )


def _square(context, template_name, image, fallback, **shown):
    """A square crop around the focal point in WebP and JPEG, through ``template_name``."""
    crops = renditions.squares(image)
    return _render(
        context.environment,
        template_name,
        {
            "image": image,
            "jpeg": crops["jpeg"],
            "webp": crops["webp"],
            "fallback": fallback(crops["jpeg"]),
            **shown,
        },
    )


@pass_context
def headshot(context, image, size=120):
    """A square portrait ``size`` CSS pixels wide, with WebP and JPEG crops for sharp screens."""
    closest = functools.partial(min, key=lambda r: abs(r.width - 2 * size))
    return _square(context, "includes/headshot.html", image, closest, size=size)


@pass_context
def thumbnail(context, image, sizes=THUMBNAIL_SIZES):
    """A square crop around the focal point, for listing cards."""
    return _square(context, "includes/thumbnail.html", image, _second_smallest, sizes=sizes)


def _second_smallest(jpeg):
    return jpeg[1] if len(jpeg) > 1 else jpeg[0]


def poster_url(image):
    """A video poster's address: a rendition, never the stored original."""
    return poster_rendition(image).url


@pass_context
def shown_lead_image(context, article):
    """The article's lead image if readers may see it now (the page's ``now`` if it has one)."""
    return article.shown_lead_image(context.get("now"))


# Social cards and structured data.


@pass_context
def absolute_url(context, path):
    return structured_data.absolute_url(context["request"], path)


@pass_context
def social_image(context, image):
    """The 1200x630 card image and its absolute URL; the site's default without ``image``."""
    return structured_data.card_image(image, context["request"])


@pass_context
def article_json_ld(context, article):
    request = context["request"]
    return structured_data.json_ld(
        structured_data.news_article(article, request)
    ) + structured_data.json_ld(structured_data.breadcrumbs(article, request))


@pass_context
def figure_json_ld(context, article, now):
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


@pass_context
def video_json_ld(context, article, now):
    """A ``VideoObject`` for each video readers can play at ``now``, and none for the rest."""
    absolute = functools.partial(structured_data.absolute_url, context["request"])
    # json_text escapes everything that could end the script element.
    return format_html_join(
        "\n  ",
        JSON_LD_SCRIPT,
        (
            (structured_data.json_text(video_object(video, absolute)),)
            for video in article.videos.all()
            if video.is_available(now)
        ),
    )


# The story.


def site_nav():
    """The sections readers can browse, in the editors' order."""
    return navigation.sections()


@pass_context
def lead_video(context, article, now):
    """The lead video as readers get it at ``now``: player, slate, or nothing."""
    video = next((v for v in article.videos.all() if v.pk == article.lead_video_id), None)
    if video is None:  # not recorded among the article's videos: one more query
        video = article.lead_video
    return render_video(
        video, video.slug, now=now, preview=context.get("preview", False), embedded=False
    )


@pass_context
def article_body(context, article, now):
    """The body, sanitized when saved, with each video and picture as it stands at ``now``."""
    preview = context.get("preview", False)
    html = embed_videos(
        article.body_html, videos_by_slug(article.videos.all()), now=now, preview=preview
    )
    return embed_figures(html, images_by_slug(article.images.all()), now=now, preview=preview)


def credit_lines(article):
    return credits.credit_lines(article.attributions.all())


def byline_lines(article, signoff=None):
    """The article's byline lines; signed off when the article's style says so, or as told."""
    if signoff is None:
        signoff = article.byline_style == article.BylineStyle.SIGNOFF
    return credits.byline_lines(article.bylines.all(), signoff=signoff)
