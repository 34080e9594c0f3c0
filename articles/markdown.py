"""
The one Markdown renderer: Python-Markdown, then video and figure embeds, then the nh3 sanitizer.

Rendering is split in two so that pages stay fast and time-correct:

* ``markdown_to_html`` turns Markdown into sanitized HTML in which each video reference
  is an empty ``<div data-video="slug"></div>`` placeholder. Articles cache this in
  ``body_html`` when saved.
* ``embed_videos`` replaces those placeholders at request time, because a video's
  state (player, slate, nothing) depends on the moment the page is read. It inserts
  only the output of ``includes/video.html``, an autoescaped template fed by validated
  model fields, so no editor-written HTML reaches the page unsanitized.
* Figures (``[[image:slug]]``) work the same way: ``<div data-image="slug" data-size="inline">``
  placeholders, replaced by ``embed_figures`` with ``includes/figure.html``.

The editor's live preview chains both (``articles.editorial.editor_preview.editor_preview``). This
module reads no models: the models store its output.
"""

import functools
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from html import unescape

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown.blockprocessors import BlockProcessor

VIDEO_REFERENCE = re.compile(r"^\s*\[\[\s*video\s*:\s*([A-Za-z0-9_-]+)\s*\]\]\s*$")
PLACEHOLDER = re.compile(r'<div data-video="([a-z0-9_-]+)"></div>')
# [[image:slug]], [[image:slug full]], [[image:slug | A caption of its own]]
IMAGE_REFERENCE = re.compile(
    r"^\s*\[\[\s*image\s*:\s*([A-Za-z0-9_-]+)(?:\s+(inline|full))?\s*(?:\|([^\]]*))?\]\]\s*$",
    re.IGNORECASE,
)
FIGURE_PLACEHOLDER = re.compile(
    # The sanitizer writes attributes in alphabetical order.
    r'<div(?: data-caption="([^"]*)")? data-image="([a-z0-9_-]+)" data-size="(inline|full)"></div>'
)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "div": {"data-video", "data-image", "data-size", "data-caption"},
    "td": {"align"},
    "th": {"align"},
}
INLINE_TAGS = {"a", "abbr", "b", "br", "code", "del", "em", "i", "s", "strong", "sub", "sup"}
URL_SCHEMES = {"http", "https", "mailto"}


class VideoReferenceProcessor(BlockProcessor):
    """A paragraph that is only ``[[video:slug]]`` becomes a video placeholder."""

    def test(self, parent, block):
        return bool(VIDEO_REFERENCE.match(block))

    def run(self, parent, blocks):
        slug = VIDEO_REFERENCE.match(blocks.pop(0)).group(1).lower()
        etree.SubElement(parent, "div", {"data-video": slug})


class ImageReferenceProcessor(BlockProcessor):
    """A paragraph that is only ``[[image:slug size | caption]]`` becomes a figure placeholder."""

    def test(self, parent, block):
        return bool(IMAGE_REFERENCE.match(block))

    def run(self, parent, blocks):
        slug, size, caption = IMAGE_REFERENCE.match(blocks.pop(0)).groups()
        attributes = {"data-image": slug.lower(), "data-size": (size or "inline").lower()}
        caption = " ".join((caption or "").split())
        if caption:
            attributes["data-caption"] = caption
        etree.SubElement(parent, "div", attributes)


class VideoExtension(markdown.Extension):
    def extendMarkdown(self, md):  # Python-Markdown's name for the hook
        md.parser.blockprocessors.register(VideoReferenceProcessor(md.parser), "video", 75)
        md.parser.blockprocessors.register(ImageReferenceProcessor(md.parser), "image", 74)


_local = threading.local()


def _markdown():
    """One converter per thread: Python-Markdown instances keep state while converting."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(
            extensions=["extra", "sane_lists", VideoExtension()], output_format="html"
        )
    md.reset()
    return md


# Python-Markdown reads a link's text by scanning from each "[" to the "]" that closes it
# (or to the end of its paragraph), so a run of brackets costs the square of its length:
# 10,000 "[" take 20 seconds (Python-Markdown issue 798, left as is upstream). Past this
# many characters scanned, the brackets that cause it are written as text instead.
MAX_BRACKET_SCAN = 2_000_000
MAX_BRACKET_DEPTH = 16
BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def _bracket_scan(text: str, start: int, end: int, defused: list[int]) -> int:
    """What the link parser scans in ``text[start:end]``, one paragraph; adds to
    ``defused`` each "[" there that nothing closes or that opens too deep."""
    open_at, scan, position = [], 0, start
    while position < end:
        char = text[position]
        if char == "\\":
            position += 1  # an escaped character is text
        elif char == "[":
            if len(open_at) < MAX_BRACKET_DEPTH:
                open_at.append(position)
            else:
                defused.append(position)
                scan += end - position
        elif char == "]" and open_at:
            scan += position - open_at.pop()
        position += 1
    defused += open_at
    return scan + sum(end - opened for opened in open_at)


def defuse_brackets(text: str) -> str:
    """``text``, with a backslash before each "[" that nothing closes or that opens deeper
    than MAX_BRACKET_DEPTH, when leaving them would make the link parser scan more than
    MAX_BRACKET_SCAN characters; else unchanged. An escaped "[" shows as "[" and opens no
    link, so the page reads the same.
    """
    if text.count("[") * len(text) <= MAX_BRACKET_SCAN:
        return text
    defused, scan, start = [], 0, 0
    for end in [*(m.start() for m in BLOCK_BREAK.finditer(text)), len(text)]:
        scan += _bracket_scan(text, start, end, defused)
        start = end
    if scan <= MAX_BRACKET_SCAN:
        return text
    pieces, last = [], 0
    for position in sorted(defused):
        pieces += [text[last:position], "\\"]
        last = position
    pieces.append(text[last:])
    return "".join(pieces)


def sanitize(html: str, *, inline: bool = False) -> str:
    """Keep only harmless markup: no script, no event handlers, no unsafe URL schemes.

    Cleaning repeats until the output no longer changes: markup the parser had to repair
    (a ``<p>`` left inside a ``<select>``, say) can serialize into HTML that parses into a
    different tree the next time, which is how mutation XSS starts. A browser then reads
    exactly the tree that was checked.
    """
    tags = INLINE_TAGS if inline else ALLOWED_TAGS
    for _ in range(5):
        cleaned = nh3.clean(
            html,
            tags=tags,
            attributes={tag: attrs for tag, attrs in ALLOWED_ATTRIBUTES.items() if tag in tags},
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
        if cleaned == html:
            break
        html = cleaned
    return cleaned


def _convert(text: str) -> str:
    """Python-Markdown's HTML for ``text``; its paragraphs as plain text when the parser
    recurses too deep (a list nested a thousand levels), rather than a server error."""
    try:
        return _markdown().convert(defuse_brackets(text or ""))
    except RecursionError:
        return linebreaks(text, autoescape=True)


@functools.lru_cache(maxsize=4)
def markdown_to_html(text: str) -> str:
    """Markdown to sanitized HTML, with video and figure references left as placeholders.

    The output depends on the text alone. Saving an article reads its body several times
    (the videos and pictures it places, checked and then recorded, and ``body_html``): each
    worker remembers its last few bodies, so a long story is converted once, not five times.
    """
    return sanitize(_convert(text))


@functools.lru_cache(maxsize=4096)
def markdown_inline(text: str) -> SafeString:
    """
    A one-paragraph text (a dek, a caption) as sanitized inline HTML.

    The output depends on the text alone, so each worker remembers recent results: a
    listing page shows twenty decks and would otherwise convert each on every request.
    """
    html = _convert(text)
    return mark_safe(sanitize(html, inline=True).strip())  # noqa: S308 (sanitized just above)


def sanitized(html: str) -> SafeString:
    """HTML that ``markdown_to_html`` or ``markdown_inline`` made when its text was saved.

    Models store it beside the Markdown (``body_html``, ``dek_html``, ``bio_html``,
    ``text_html``) and only ever assign it from those two functions.
    """
    return mark_safe(html)  # noqa: S308 (sanitized when stored)


def video_references(text: str) -> list[str]:
    """The video slugs a Markdown text places, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(markdown_to_html(text))))


def image_references(text: str) -> list[str]:
    """The picture slugs a Markdown text places as figures, in order, each once."""
    return list(dict.fromkeys(m[1] for m in FIGURE_PLACEHOLDER.findall(markdown_to_html(text))))


def _rendered(template_name, context) -> SafeString:
    """A reader template's output: the template escaped every value it shows (Jinja2's
    Django backend returns it as a plain string)."""
    return SafeString(render_to_string(template_name, context))


def render_figure(image, slug: str, size: str, caption: str, *, now, preview=False) -> SafeString:
    """A figure as it stands at ``now``: the picture with its caption and credit, an
    editor's note, or nothing."""
    return _rendered(
        "includes/figure.html",
        {
            "image": image,
            "slug": slug,
            "size": size,
            "caption": unescape(caption) if caption else (image.caption if image else ""),
            "state": image.state(now) if image else None,
            "preview": preview,
        },
    )


def embed_figures(
    html: str, images: Mapping[str, object], *, now=None, preview: bool = False
) -> SafeString:
    """Replace each figure placeholder in sanitized ``html`` with the picture at ``now``."""
    now = now or timezone.now()

    def replace(match):
        caption, slug, size = match.groups()
        return render_figure(images.get(slug), slug, size, caption, now=now, preview=preview)

    # ``html`` was sanitized by markdown_to_html; the inserted markup is our template's.
    return mark_safe(FIGURE_PLACEHOLDER.sub(replace, html))  # noqa: S308


def render_video(
    video, slug: str, *, now, preview: bool = False, embedded: bool = True
) -> SafeString:
    """A video as it stands at ``now``: the player, the slate, an editor's note or nothing."""
    return _rendered(
        "includes/video.html",
        {
            "video": video,
            "slug": slug,
            "state": video.state(now) if video else None,
            "preview": preview,
            "embedded": embedded,
        },
    )


def embed_videos(
    html: str, videos: Mapping[str, object], *, now=None, preview: bool = False
) -> SafeString:
    """Replace each placeholder in sanitized ``html`` with the video as it stands at ``now``."""
    now = now or timezone.now()

    def replace(match):
        slug = match.group(1)
        return render_video(videos.get(slug), slug, now=now, preview=preview)

    # ``html`` was sanitized by markdown_to_html; the inserted markup is our template's.
    return mark_safe(PLACEHOLDER.sub(replace, html))  # noqa: S308


def videos_by_slug(videos: Iterable) -> dict:
    return {video.slug: video for video in videos}


def images_by_slug(images: Iterable) -> dict:
    return {image.slug: image for image in images}


def plain_text(markdown_text: str) -> str:
    """The words of an editor's inline Markdown, without markup, through the one renderer."""
    return " ".join(unescape(strip_tags(markdown_inline(markdown_text))).split())
