"""Template tags for the article page: its videos as they stand now, its credits."""

import functools

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles import credits
from articles.markdown import embed_videos, render_video, sanitized, videos_by_slug
from articles.structured_data import absolute_url, json_text
from articles.video_schema import video_object

register = template.Library()

JSON_LD_SCRIPT = '<script type="application/ld+json">{}</script>'


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
    """The body, sanitized when saved, with each video as it stands at ``now``."""
    return embed_videos(
        article.body_html, _videos(article), now=now, preview=context.get("preview", False)
    )


@register.simple_tag(takes_context=True)
def video_json_ld(context, article, now) -> SafeString:
    """A ``VideoObject`` for each video readers can play at ``now``, and none for the rest."""
    url = functools.partial(absolute_url, context["request"])
    scripts = (
        JSON_LD_SCRIPT.format(json_text(video_object(video, url)))
        for video in article.videos.all()
        if video.is_available(now)
    )
    # json_text escapes everything that could end the script element.
    return mark_safe("\n  ".join(scripts))  # noqa: S308


@register.simple_tag
def attribution_lines(article):
    return credits.attribution_lines(article.attributions.all())


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
