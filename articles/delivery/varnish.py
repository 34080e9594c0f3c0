"""
Purging content keys from the Varnish caches in front of the site.

A purge backend (``NEWSROOM_PURGE_BACKENDS``): for each address in
``NEWSROOM_VARNISH_PURGE_URLS`` it sends ``PURGE /`` with the keys in an ``xkey-purge``
header, which ``deploy/varnish/newsroom.vcl`` hands to the xkey module. Every Varnish
gets the first try at once, in the request that committed the change. A Varnish that
fails (refused, timed out, answered other than 200) is logged and tried again a few times
in the background, waiting longer each time; after the last try the failure is logged as
an error, and its pages end at their lifetime.
"""

import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

from articles.conf import setting

logger = logging.getLogger(__name__)

HEADER = "xkey-purge"
# Varnish refuses request headers longer than 8 KB by default (http_req_hdr_len).
MAX_HEADER_LENGTH = 4000


def purge_urls() -> list[str]:
    return list(setting("NEWSROOM_VARNISH_PURGE_URLS"))


def batches(keys: Iterable[str]) -> list[str]:
    """``keys`` as space-separated header values, each short enough for Varnish."""
    values, current = [], ""
    for key in sorted(keys):
        if current and len(current) + 1 + len(key) > MAX_HEADER_LENGTH:
            values.append(current)
            current = ""
        current = f"{current} {key}" if current else key
    if current:
        values.append(current)
    return values


def send(url: str, value: str) -> None:
    """One purge request; raises OSError when Varnish did not purge."""
    address = urllib.parse.urljoin(url.rstrip("/") + "/", "/")
    if urllib.parse.urlsplit(address).scheme not in ("http", "https"):
        raise OSError(f"not an HTTP address: {url!r}")
    # The scheme is checked above: only http and https.
    request = urllib.request.Request(address, method="PURGE", headers={HEADER: value})  # noqa: S310
    timeout = setting("NEWSROOM_VARNISH_PURGE_TIMEOUT")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        raise OSError(f"{url} answered {error.code} {error.reason}") from error


def _retry(url: str, value: str) -> None:
    delays = setting("NEWSROOM_VARNISH_PURGE_RETRY_DELAYS")
    for attempt, delay in enumerate(delays, start=2):
        time.sleep(delay)
        try:
            send(url, value)
        except OSError as error:
            logger.warning("Purge of %s from %s failed (try %d): %s", value, url, attempt, error)
        else:
            logger.warning("Purge of %s from %s succeeded on try %d", value, url, attempt)
            return
    logger.error(
        "Gave up purging %s from %s after %d tries; its pages end at their lifetime",
        value,
        url,
        len(delays) + 1,
    )


def purge(keys: Iterable[str]) -> list[threading.Thread]:
    """Purge ``keys`` from every Varnish; returns the threads retrying the failures."""
    retrying = []
    for value in batches(keys):
        for url in purge_urls():
            try:
                send(url, value)
            except OSError as error:
                logger.warning("Purge of %s from %s failed, trying again: %s", value, url, error)
                thread = threading.Thread(
                    target=_retry, args=(url, value), name="varnish-purge", daemon=True
                )
                thread.start()
                retrying.append(thread)
    return retrying
