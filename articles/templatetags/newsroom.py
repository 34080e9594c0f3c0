from django import template
from django.utils.safestring import mark_safe

from articles import credits
from articles.markdown import PLACEHOLDER, markdown_inline, videos_by_slug

register = template.Library()


@register.simple_tag(takes_context=True)
def story_video(context, video):
    """A slot for ``video``, filled for each request with what readers get at that moment."""
    return context["video_slots"].place(video)


@register.simple_tag(takes_context=True)
def story_body(context, article):
    """The stored body, each of its videos a slot (uses the prefetched videos)."""
    slots, videos = context["video_slots"], videos_by_slug(article.videos.all())

    def place(match):
        return slots.place(videos.get(match[1]), match[1], embedded=True)

    # ``body_html`` was sanitized when it was stored; the slots are fixed comments of ours.
    return mark_safe(PLACEHOLDER.sub(place, article.body_html))  # noqa: S308


@register.simple_tag
def attribution_lines(article):
    return credits.attribution_lines(article.attributions.all())


@register.simple_tag
def byline_lines(article, signoff=None):
    """The article's byline lines; signed off when the article's style says so, or as told."""
    if signoff is None:
        signoff = article.byline_style == article.BylineStyle.SIGNOFF
    return credits.byline_lines(article.bylines.all(), signoff=signoff)


@register.filter
def inline_markdown(text):
    return markdown_inline(text)
