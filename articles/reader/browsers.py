"""
Which browsers the site supports, decided on the server from the User-Agent.

Browsers are sorted into two classes; pages vary by class, never by the raw string,
so a page cache holds at most one copy of a page per class.

The policy lives in settings and is read on every call (tests and deployments can
change it): ``NEWSROOM_UNSUPPORTED_BROWSERS`` lists ua-parser browser families,
``NEWSROOM_BROWSER_NOTICE`` is the sentence shown to them.
"""

import re
from functools import cache, lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from ua_parser import BestAvailableResolver, Domain, Parser, load_lazy_builtins

from articles.conf import setting

SUPPORTED = "supported"
UNSUPPORTED = "unsupported"
CLASSES = (SUPPORTED, UNSUPPORTED)

# Real User-Agents are a few hundred characters; the tokens that matter come first.
# Anything longer is cut before parsing so a 10 KB header costs what a normal one does.
MAX_USER_AGENT_LENGTH = 512
IE_FAMILIES = ("IE", "IE Mobile")
# Internet Explorer of every version carries one of these; IE 11 in compatibility mode
# says "MSIE 7.0" and gives itself away with the Trident token. A token starts the
# string or follows a separator: "NewsReaderMSIE 2.1" or "MyIEMobile/2" is another app.
IE_TOKEN = re.compile(r"(?<![\w.-])(?:Trident/|MSIE |IEMobile\b)")
CRAWLER_DEVICE = "Spider"


@cache
def unsupported_families():
    # Read on first use and kept: reading a setting costs more than the memoized
    # classification itself. A changed setting (tests, override_settings) is read again.
    return tuple(setting("NEWSROOM_UNSUPPORTED_BROWSERS"))


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting == "NEWSROOM_UNSUPPORTED_BROWSERS":
        unsupported_families.cache_clear()


def notice_message():
    return setting("NEWSROOM_BROWSER_NOTICE")


@cache
def _parser():
    # ua-parser's own global parser keeps a second cache; the memo below is the only one
    # needed, so the resolver is used bare.
    return Parser(BestAvailableResolver(load_lazy_builtins()))


@lru_cache(maxsize=4096)
def _classify(user_agent: str, families: tuple) -> str:
    parsed = _parser()(user_agent, Domain.USER_AGENT | Domain.DEVICE)
    # Search engines index what supported browsers see, whatever tokens they copy.
    if parsed.device is not None and parsed.device.family == CRAWLER_DEVICE:
        return SUPPORTED
    family = parsed.user_agent.family if parsed.user_agent is not None else ""
    ie_token = IE_TOKEN.search(user_agent) is not None
    # ua-parser finds Internet Explorer inside other words too; its answer stands only
    # when a real token is there.
    if family in families and (family not in IE_FAMILIES or ie_token):
        return UNSUPPORTED
    if "IE" in families and ie_token:
        return UNSUPPORTED
    return SUPPORTED


def classify(user_agent: str | None) -> str:
    """``"supported"`` or ``"unsupported"``; anything unknown, empty or odd is supported."""
    if not user_agent:
        return SUPPORTED
    return _classify(user_agent[:MAX_USER_AGENT_LENGTH], unsupported_families())
