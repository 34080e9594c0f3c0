"""
The article page, rendered once per change and finished for each request.

``build`` renders everything a story's page shows but the moment: headline, credits,
pictures, body, corrections, metadata and structured data. Each video becomes a marker,
stored with its rights window and what readers get in each state (the player, the slate,
or nothing), and ``Story.at`` puts the right one in for the instant of the request, with
the ``VideoObject`` descriptions of the videos playable then.

``reader_story`` serves readers: one query reads the story, if it is published now, with
its stored rendering (``StoryRendering``); a rendering made in an older content generation,
by other templates or code, or for another site address is rendered again and stored.
Previews are built the same way and never stored.
"""

import functools
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.db import IntegrityError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import changes
from articles.models import Article, ContentGeneration, StoryRendering, Video
from articles.models.videos import rights_boundary, rights_state
from articles.structured_data import absolute_url, json_text, site_url
from articles.video_schema import video_object

# Markers never collide with editors' text: the sanitizer drops HTML comments, and every
# other field is escaped, which turns "<" into "&lt;" (or "\u003c" inside JSON-LD).
VIDEO_MARKER = "<!--newsroom:video:{}-->"
SCHEMA_MARKER = "<!--newsroom:video-schema-->"
SCHEMA_SCRIPT = '\n  <script type="application/ld+json">{}</script>'
# Packages whose output is part of a rendering.
RENDERING_PACKAGES = ("Django", "Markdown", "nh3", "Pillow")
RENDERING_SETTINGS = ("LANGUAGE_CODE", "MEDIA_URL", "STATIC_URL", "TIME_ZONE", "USE_TZ")


def _window(video) -> dict:
    return {
        "removed": bool(video.removal_reason),
        "from": video.available_from.isoformat() if video.available_from else None,
        "until": video.expires_at.isoformat() if video.expires_at else None,
    }


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _state(window: dict, now: datetime) -> str:
    return rights_state(
        now,
        removed=window["removed"],
        available_from=_instant(window["from"]),
        expires_at=_instant(window["until"]),
    )


def _boundary(window: dict, now: datetime) -> datetime | None:
    return rights_boundary(
        now, available_from=_instant(window["from"]), expires_at=_instant(window["until"])
    )


class VideoSlots:
    """The videos a story places while it renders, each rendered in every state it can take."""

    def __init__(self, preview: bool):
        self.preview = preview
        self.slots: list[dict] = []
        self.markers: dict[tuple, str] = {}

    def place(self, video, slug: str = "", *, embedded: bool = False) -> SafeString:
        key = (video.pk if video is not None else None, slug, embedded)
        if key not in self.markers:
            marker = VIDEO_MARKER.format(len(self.slots))
            self.markers[key] = marker
            slug = slug or getattr(video, "slug", "")
            self.slots.append(self._slot(marker, video, slug, embedded))
        return mark_safe(self.markers[key])  # noqa: S308 (a fixed comment of ours)

    def _slot(self, marker, video, slug, embedded) -> dict:
        def html(state):
            context = {
                "video": video,
                "slug": slug,
                "state": state,
                "preview": self.preview,
                "embedded": embedded,
            }
            return render_to_string("includes/video.html", context)

        if video is None:  # a reference to no video: a note in previews, nothing for readers
            return {"marker": marker, "window": None, "fixed": html(None)}
        closed = video.State.REMOVED if video.removal_reason else video.State.EXPIRED
        return {
            "marker": marker,
            "window": _window(video),
            "available": html(video.State.AVAILABLE),
            "closed": html(closed),
            "pending": html(video.State.PENDING),
        }


@dataclass(frozen=True)
class Story:
    """A rendered story: its page but for the videos, which depend on the instant."""

    path: str
    title: str
    meta: str
    content: str
    videos: list = field(default_factory=list)
    schema: list = field(default_factory=list)

    def at(self, now: datetime) -> dict:
        """Title, metadata and content as readers get them at ``now``."""
        content = self.content
        for slot in self.videos:
            content = content.replace(slot["marker"], self._video_html(slot, now))
        scripts = "".join(
            SCHEMA_SCRIPT.format(item["json"])
            for item in self.schema
            if _state(item["window"], now) == Video.State.AVAILABLE
        )
        return {
            "title": self.title,
            "meta": mark_safe(self.meta.replace(SCHEMA_MARKER, scripts)),  # noqa: S308
            "content": mark_safe(content),  # noqa: S308 (rendered by our templates)
        }

    @staticmethod
    def _video_html(slot: dict, now: datetime) -> str:
        if slot["window"] is None:
            return slot["fixed"]
        state = _state(slot["window"], now)
        if state == Video.State.AVAILABLE:
            return slot["available"]
        return slot["pending"] if state == Video.State.PENDING else slot["closed"]

    def next_boundary(self, now: datetime) -> datetime | None:
        """The next instant a video on the page opens or closes: the page changes then."""
        instants = [_boundary(slot["window"], now) for slot in self.videos if slot["window"]]
        return min((t for t in instants if t is not None), default=None)


def build(article, request, *, preview: bool = False) -> Story:
    """Render ``article`` (fetched with ``for_page()``) for the page at ``request``'s site."""
    slots = VideoSlots(preview)
    context = {"article": article, "video_slots": slots, "preview": preview}
    meta = render_to_string("articles/story_meta.html", context, request)
    content = render_to_string("articles/story.html", context, request)
    schema = []
    for video in {v.pk: v for v in [article.lead_video, *article.videos.all()] if v}.values():
        data = video_object(video, functools.partial(absolute_url, request))
        schema.append({"window": _window(video), "json": json_text(data)})
    return Story(
        path=article.get_absolute_url(),
        title=article.seo_title or article.headline,
        meta=meta,
        content=content,
        videos=slots.slots,
        schema=schema,
    )


def reader_story(request, published, pk) -> Story:
    """The story ``pk`` among ``published`` articles, from its stored rendering when current.

    One query when the rendering is current; otherwise the six of ``for_page()`` and one
    more to store the new rendering.
    """
    row = StoryRendering.objects.lookup(pk, timezone.now())
    if row is None:
        raise Http404
    generation, code, origin, page, current = row
    site = site_url(request)
    stored = getattr(settings, "NEWSROOM_STORED_RENDERINGS", True)
    if stored and page is not None and (generation, code, origin) == (current, code_digest(), site):
        return Story(**page)
    try:
        article = published.for_page().get(pk=pk)
    except Article.DoesNotExist:  # unpublished in between
        raise Http404 from None
    story = build(article, request)
    if stored:
        store(article, story, current, site)
    return story


def store(article, story: Story, generation: int, origin: str) -> None:
    rendering = StoryRendering(
        article=article,
        generation=generation,
        code=code_digest(),
        origin=origin,
        page=asdict(story),
        rendered_at=timezone.now(),
    )
    try:
        StoryRendering.objects.bulk_create(
            [rendering],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["generation", "code", "origin", "page", "rendered_at"],
        )
    except IntegrityError:  # the story was deleted meanwhile: nothing to keep
        pass


@functools.cache
def code_digest() -> str:
    """A digest of what turns rows into a page: templates, code, packages and settings."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    sources = sorted(
        [*package.rglob("*.py"), *Path(settings.BASE_DIR, "templates").rglob("*.html")]
    )
    for path in sources:
        if "migrations" not in path.parts:
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
    for name in RENDERING_PACKAGES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    names = [*RENDERING_SETTINGS, *(n for n in dir(settings) if n.startswith("NEWSROOM_"))]
    for name in sorted(names):
        digest.update(f"{name}={getattr(settings, name, None)!r}".encode())
    return digest.hexdigest()


def _content_changed(**kwargs):
    ContentGeneration.advance()


def _settings_changed(**kwargs):
    code_digest.cache_clear()


def connect_signals():
    changes.content_changed.connect(_content_changed, dispatch_uid="rendering")
    setting_changed.connect(_settings_changed, dispatch_uid="rendering:settings")
