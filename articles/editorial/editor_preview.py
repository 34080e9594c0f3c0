"""
The editor's live preview of Markdown (``MARKDOWNX_MARKDOWNIFY_FUNCTION``).

The page's own renderer, with each video and picture it places as readers get it now, and
notes for editors about a video or picture not available or not found. It lives apart from
``articles.markdown``, which reads no models, and from the endpoint that serves it
(``articles.editorial.markdownx_views``), because django-markdownx imports it while
loading its views.
"""

from articles.markdown import (
    FIGURE_PLACEHOLDER,
    PLACEHOLDER,
    embed_figures,
    embed_videos,
    images_by_slug,
    markdown_to_html,
    videos_by_slug,
)


def editor_preview(text: str) -> str:
    """``text`` rendered for the preview pane (one query for the videos it places, one for
    the pictures). Showing a new picture here makes its renditions, before any reader asks."""
    from articles.models import Image, Video

    html = markdown_to_html(text)
    slugs = PLACEHOLDER.findall(html)
    videos = videos_by_slug(Video.objects.filter(slug__in=slugs)) if slugs else {}
    figures = [match[1] for match in FIGURE_PLACEHOLDER.findall(html)]
    images = (
        images_by_slug(
            Image.objects.filter(slug__in=figures).select_related("photographer", "agency")
        )
        if figures
        else {}
    )
    return embed_figures(embed_videos(html, videos, preview=True), images, preview=True)
