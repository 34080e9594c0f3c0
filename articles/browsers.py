"""
Which browsers the site supports, decided on the server from the User-Agent.

Browsers are sorted into a few classes; pages vary by class, never by the raw string,
so a page cache holds at most one copy per class.
"""

from functools import lru_cache

from django.conf import settings
from ua_parser import parse_user_agent

SUPPORTED = "supported"
UNSUPPORTED = "unsupported"

DEFAULT_UNSUPPORTED_FAMILIES = ("IE", "IE Mobile")
DEFAULT_MESSAGE = (
    "IE 11 is not supported. For an optimal experience visit our site on another browser."
)
MAX_USER_AGENT_LENGTH = 512


def unsupported_families():
    return tuple(getattr(settings, "NEWSROOM_UNSUPPORTED_BROWSERS", DEFAULT_UNSUPPORTED_FAMILIES))


def notice_message():
    return getattr(settings, "NEWSROOM_BROWSER_NOTICE", DEFAULT_MESSAGE)


@lru_cache(maxsize=4096)
def _classify(user_agent: str, families: tuple) -> str:
    # IE 11 in compatibility mode reports "MSIE 7.0" next to a Trident token; both
    # shapes are IE, and a Trident token alone is too.
    if "Trident/" in user_agent or "MSIE " in user_agent:
        return UNSUPPORTED if "IE" in families else SUPPORTED
    parsed = parse_user_agent(user_agent)
    if parsed is not None and parsed.family in families:
        return UNSUPPORTED
    return SUPPORTED


def classify(user_agent: str | None) -> str:
    """``"supported"`` or ``"unsupported"``; anything unknown, empty or odd is supported."""
    if not user_agent:
        return SUPPORTED
    return _classify(user_agent[:MAX_USER_AGENT_LENGTH], unsupported_families())
