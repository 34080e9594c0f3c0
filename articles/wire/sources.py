"""Reading wire copy: files in the drop folders, and feeds over https with guards.

A feed address must be https. Its host is resolved once and the request goes to that
address (so a second lookup cannot move it elsewhere); loopback, private, link-local and
other non-public addresses are refused unless the host is listed in
``NEWSROOM_WIRE_INTERNAL_HOSTS``. Redirects are followed by hand, each checked the same
way. A feed may send at most ``NEWSROOM_WIRE_MAX_BYTES`` within
``NEWSROOM_WIRE_FEED_SECONDS``.
"""

import ipaddress
import socket
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from articles.conf import setting
from articles.models.wire import drop_folder_of
from articles.wire.items import Refused

MAX_REDIRECTS = 5
SUFFIXES = {
    "ninjs": (".json",),
    "newsml": (".xml",),
    "feed": (".xml", ".rss", ".atom"),
}


def read_file(path) -> bytes:
    """A file's bytes, if it lies inside a drop folder and is not too large."""
    path = Path(path)
    if drop_folder_of(path) is None:
        raise Refused(f"{path} is not inside a configured drop folder.")
    limit = setting("NEWSROOM_WIRE_MAX_BYTES")
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_file():
            raise Refused(f"{path} is not a file.")
        if resolved.stat().st_size > limit:
            raise Refused(f"{path} is larger than {limit} bytes.")
        with resolved.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise Refused(f"{path} cannot be read: {exc.strerror or exc}") from exc


def folder_files(folder, fmt):
    """The files of a source's folder in the format's suffixes, oldest first."""
    root = Path(folder)
    if drop_folder_of(root) is None:
        raise Refused(f"{folder} is not inside a configured drop folder.")
    try:
        files = [p for p in root.iterdir() if p.suffix.lower() in SUFFIXES[fmt] and p.is_file()]
    except OSError as exc:
        raise Refused(f"{folder} cannot be read: {exc.strerror or exc}") from exc
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_address(url: str, resolve=socket.getaddrinfo) -> tuple[str, str, int]:
    """The host, the one address to connect to, and the port, or Refused."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise Refused(f"{url} is not an https address.")
    host = parts.hostname
    try:
        port = parts.port or 443
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError) as exc:
        raise Refused(f"{host} cannot be resolved: {exc}") from exc
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise Refused(f"{host} cannot be resolved.")
    allowed = host in setting("NEWSROOM_WIRE_INTERNAL_HOSTS")
    if not allowed and not all(is_public(address) for address in addresses):
        raise Refused(f"{host} resolves inside the network ({addresses[0]}); refused.")
    return host, addresses[0], port


def _pinned(url, host, address, port):
    """The URL with the resolved address in place of the host name."""
    parts = urlsplit(url)
    netloc = f"[{address}]" if ":" in address else address
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{netloc}:{port}{path}{query}"


def fetch_feed(url: str, *, transport=None, resolve=socket.getaddrinfo) -> bytes:
    """The feed's bytes, read with every guard above; Refused with the reason otherwise."""
    limit = setting("NEWSROOM_WIRE_MAX_BYTES")
    seconds = setting("NEWSROOM_WIRE_FEED_SECONDS")
    deadline = time.monotonic() + seconds
    with httpx.Client(transport=transport, timeout=seconds, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            host, address, port = checked_address(url, resolve)
            request = client.build_request(
                "GET",
                _pinned(url, host, address, port),
                headers={"Host": host if port == 443 else f"{host}:{port}"},
                extensions={"sni_hostname": host},
            )
            try:
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code != 200:
                        raise Refused(f"{url} answered {response.status_code}.")
                    return _read_capped(response, url, limit, deadline)
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                raise Refused(f"{url} cannot be read: {exc}") from exc
    raise Refused(f"{url} redirects more than {MAX_REDIRECTS} times.")


def _read_capped(response, url, limit, deadline) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise Refused(f"{url} sent more than {limit} bytes; stopped reading.")
        if time.monotonic() > deadline:
            raise Refused(f"{url} took longer than allowed; stopped reading.")
        chunks.append(chunk)
    return b"".join(chunks)
