from django import template
from django.utils import timezone

from articles import credits
from articles.markdown import embed_videos, markdown_inline, videos_by_slug

register = template.Library()


@register.simple_tag
def article_body(article, now=None):
    """The cached body with each video as it stands now (uses the prefetched videos)."""
    return embed_videos(article.body_html, videos_by_slug(article.videos.all()), now=now)


@register.inclusion_tag("includes/video.html")
def video_player(video, now=None, preview=False):
    now = now or timezone.now()
    return {"video": video, "slug": video.slug, "state": video.state(now), "preview": preview}


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
