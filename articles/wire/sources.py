"""Reading wire copy: files in the drop folders, and feeds over https with guards.

A feed address must be https. Its host is resolved once and the request goes to that
address (so a second lookup cannot move it elsewhere); loopback, private, link-local and
other non-public addresses are refused unless the host is listed in
``NEWSROOM_WIRE_INTERNAL_HOSTS``. Every address the host resolves to is checked, in the
form the system resolver reads it (so ``2130706433``, ``0177.0.0.1`` and ``0x7f.1`` are
127.0.0.1), and so is every IPv4 address an IPv6 one carries (mapped, 6to4, Teredo,
NAT64); a scoped address (``fe80::1%eth0``) is never public. Redirects are followed by
hand, each checked the same way. A feed may send at most ``NEWSROOM_WIRE_MAX_BYTES`` within
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


# IPv6 ranges that Python's is_global lets through but that never reach the public
# internet by themselves: IPv4-compatible and IPv4-translated addresses, NAT64's
# local-use prefix, site-local, documentation and SRv6 SIDs.
NEVER_PUBLIC_V6 = tuple(
    ipaddress.IPv6Network(net)
    for net in ("::/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "fec0::/10", "3fff::/20", "5f00::/16")
)
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def carried_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a packet to ``ip`` ends up at: IPv4-mapped, 6to4, Teredo, NAT64."""
    carried = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in NAT64:
        carried.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in carried if address is not None]


def is_public(address: str) -> bool:
    """Whether ``address`` (as the resolver gives it) is on the public internet.

    False for anything that is not a plain IP address (a zone id, a name, a number in
    another notation), for every non-global or multicast address, and for an IPv6
    address that carries a non-public IPv4 one.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id is not None or any(ip in net for net in NEVER_PUBLIC_V6):
            return False
        if not all(is_public(str(carried)) for carried in carried_ipv4(ip)):
            return False
    return ip.is_global and not ip.is_multicast


def _resolved(info) -> str:
    """The address of one getaddrinfo result, with its zone when the result has one."""
    sockaddr = info[4]
    if len(sockaddr) == 4 and sockaddr[3]:
        return f"{sockaddr[0].split('%', 1)[0]}%{sockaddr[3]}"
    return sockaddr[0]


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
    addresses = [_resolved(info) for info in found]
    if not addresses:
        raise Refused(f"{host} cannot be resolved.")
    allowed = host in setting("NEWSROOM_WIRE_INTERNAL_HOSTS")
    if not allowed and not all(is_public(address) for address in addresses):
        raise Refused(f"{host} resolves inside the network ({addresses[0]}); refused.")
    return host, addresses[0].split("%", 1)[0], port


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
