"""
The editor's live preview of Markdown (``MARKDOWNX_MARKDOWNIFY_FUNCTION``).

The page's own renderer, with each video it places as readers get it now, and notes for
editors about a video not yet available or not found. It lives apart from
``articles.markdown``, which reads no models, and from the endpoint that serves it
(``articles.editorial.markdownx_views``), because django-markdownx imports it while
loading its views.
"""

from articles.markdown import PLACEHOLDER, embed_videos, markdown_to_html, videos_by_slug


def editor_preview(text: str) -> str:
    """``text`` rendered for the preview pane (one query for the videos it places)."""
    from articles.models import Video

    html = markdown_to_html(text)
    slugs = PLACEHOLDER.findall(html)
    videos = videos_by_slug(Video.objects.filter(slug__in=slugs)) if slugs else {}
    return embed_videos(html, videos, preview=True)
