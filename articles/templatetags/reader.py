"""Template tags for reader pages: pictures, social images, structured data, search snippets."""

from django import template

from articles import navigation, renditions, structured_data
from articles.search import search_snippet_html

register = template.Library()

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


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return structured_data.absolute_url(context["request"], path)


@register.simple_tag(takes_context=True)
def social_image(context, image):
    """The 1200x630 card image and its absolute URL."""
    rendition = renditions.social(image)
    return {
        "url": structured_data.absolute_url(context["request"], rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


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
def search_snippet(article, terms):
    return search_snippet_html(article, terms)


@register.inclusion_tag("includes/site_nav.html")
def site_nav():
    """The sections readers can browse, in the editors' order."""
    return {"sections": navigation.sections()}
