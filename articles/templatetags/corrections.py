from django import template

from articles.markdown import embed_videos

register = template.Library()


@register.filter
def correction_html(correction):
    """The note's cached, sanitized HTML; it holds no videos (``Correction.clean`` refuses them)."""
    return embed_videos(correction.text_html, {})
