"""
schema.org ``VideoObject`` descriptions of the videos readers can play on a page.

Search engines show video results from these, so a description exists only while the
video is available: an expired, withdrawn or not-yet-available video has none. The page's
cache lifetime is bounded by the videos' rights windows, and ``articles.rendering`` picks
the descriptions for each request, so no page describes a video past its expiry.
"""

from datetime import datetime, timedelta

from articles.markdown import plain_text
from articles.media import renditions


def iso_duration(duration: timedelta) -> str:
    """An ISO 8601 duration, e.g. ``PT2M14S`` for two minutes fourteen seconds."""
    seconds = round(duration.total_seconds())
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M")) if value]
    if seconds or not parts:
        parts.append(f"{seconds}S")
    return "PT" + "".join(parts)


def poster_rendition(poster):
    """A video's poster as served: the JPEG rendition nearest a wide player (960 pixels)."""
    return min(renditions.responsive(poster).jpeg, key=lambda r: abs(r.width - 960))


def video_object(video, absolute_url) -> dict:
    """The ``VideoObject`` for ``video``; ``absolute_url`` makes a site path absolute."""
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": plain_text(video.description or video.caption or video.title),
        "uploadDate": _iso(video.available_from or video.created_at),
    }
    if video.poster_id:
        data["thumbnailUrl"] = [absolute_url(poster_rendition(video.poster).url)]
    elif video.thumbnail_url:
        data["thumbnailUrl"] = [absolute_url(video.thumbnail_url)]
    if video.duration:
        data["duration"] = iso_duration(video.duration)
    if video.embed_url:
        data["embedUrl"] = video.embed_url
    else:
        data["contentUrl"] = absolute_url(video.media_url)
    if video.expires_at:
        data["expires"] = _iso(video.expires_at)
    return data


def _iso(instant: datetime) -> str:
    return instant.isoformat(timespec="seconds")
