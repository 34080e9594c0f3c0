"""A wire feed is never read from inside the network, whatever form the address takes.

Numeric hosts go through the system's own resolver (no network is used for them); names
through a stand-in resolver; requests are answered by httpx's MockTransport.
"""

import socket

import httpx
import pytest

from articles.wire import sources
from articles.wire.items import Refused

LOOPBACK_AND_PRIVATE_FORMS = [
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:7f00:1",  # IPv4-mapped, written in hex
    "::ffff:10.0.0.5",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "::7f00:1",
    "::8.8.8.8",  # IPv4-compatible is never public, whatever it carries
    "::ffff:0:7f00:1",  # IPv4-translated
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "2002:a00:5::",  # 6to4 around 10.0.0.5
    "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo
    "2001:0:7f00:1::1",  # Teredo with a loopback server
    "64:ff9b::7f00:1",  # NAT64 around 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 around the metadata address
    "64:ff9b:1::808:808",  # NAT64's local-use prefix
    "fe80::1%eth0",  # zone ids: scoped, never public
    "fe80::1%1",
    "2001:4860:4860::8888%eth0",
    "fec0::1",  # site-local
    "::1",
    "::",
    "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
    "100.64.0.1",
    "169.254.169.254",
    "224.0.0.1",
    "ff0e::1",
    "2130706433",  # numbers in other notations are not addresses here
    "0177.0.0.1",
    "0x7f.1",
    "127.1",
    "",
    "wire.example.com",
]

PUBLIC_FORMS = [
    "93.184.216.34",
    "2606:2800:220:1:248:1893:25c8:1946",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",  # NAT64 around 93.184.216.34
    "2002:5db8:d822::1",  # 6to4 around 93.184.216.34
]


@pytest.mark.parametrize("address", LOOPBACK_AND_PRIVATE_FORMS)
def test_inside_addresses_in_every_form_are_not_public(address):
    assert sources.is_public(address) is False


@pytest.mark.parametrize("address", PUBLIC_FORMS)
def test_public_addresses_in_every_form_are_public(address):
    assert sources.is_public(address) is True


def no_request(request):
    pytest.fail(f"no request may be made, not even to {request.url}")


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "0x7f000001",
        "127.1",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::127.0.0.1]",
        "[::ffff:0:7f00:1]",
        "[64:ff9b::7f00:1]",
        "[2002:7f00:1::1]",
        "[2001:0:7f00:1::1]",
        "[fe80::1%25eth0]",
        "[fe80::1%lo]",
        "[::1]",
    ],
)
def test_numeric_hosts_resolving_inside_are_refused(host, settings):
    """The system's resolver reads each of these as an inside address; none is fetched."""
    settings.NEWSROOM_WIRE_INTERNAL_HOSTS = []
    with pytest.raises(Refused):
        sources.fetch_feed(f"https://{host}/feed", transport=httpx.MockTransport(no_request))


def resolves_to(*addresses):
    """A stand-in resolver that gives every name these addresses, IPv6 ones with a zone
    when written ``address%scope``."""

    def resolve(host, port, type=0):
        found = []
        for address in addresses:
            if ":" in address:
                ip, _, scope = address.partition("%")
                found.append((socket.AF_INET6, type, 6, "", (ip, port, 0, int(scope or 0))))
            else:
                found.append((socket.AF_INET, type, 6, "", (address, port)))
        return found

    return resolve


@pytest.mark.parametrize(
    "addresses",
    [
        ("10.0.0.5",),
        ("93.184.216.34", "10.0.0.5"),  # one inside address among public ones is enough
        ("2606:2800:220:1:248:1893:25c8:1946", "::1"),
        ("::ffff:169.254.169.254",),
        ("::7f00:1",),
        ("64:ff9b::a00:5",),
        ("2002:c0a8:1::1",),
        ("fe80::1%2",),
    ],
)
def test_names_resolving_inside_are_refused(addresses, settings):
    settings.NEWSROOM_WIRE_INTERNAL_HOSTS = []
    with pytest.raises(Refused, match="inside the network"):
        sources.fetch_feed(
            "https://wire.example.com/feed",
            transport=httpx.MockTransport(no_request),
            resolve=resolves_to(*addresses),
        )


def test_a_name_resolving_to_public_addresses_is_read_from_the_first():
    seen = []

    def answer(request):
        seen.append(request.url.host)
        return httpx.Response(200, content=b"<rss/>")

    data = sources.fetch_feed(
        "https://wire.example.com/feed",
        transport=httpx.MockTransport(answer),
        resolve=resolves_to("64:ff9b::5db8:d822", "93.184.216.34"),
    )
    assert data == b"<rss/>" and seen == ["64:ff9b::5db8:d822"]


@pytest.mark.parametrize(
    "location",
    [
        "https://2130706433/x",
        "https://0177.0.0.1/x",
        "https://0x7f.1/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://[::ffff:7f00:1]/x",
        "https://[::127.0.0.1]/x",
        "https://[64:ff9b::a9fe:a9fe]/x",
        "https://[2002:a9fe:a9fe::]/x",
        "https://[fe80::1%lo]/x",
        "https://inside.example.com/x",
        "//[::1]/x",
    ],
)
def test_redirects_to_inside_addresses_are_refused(location, settings):
    """The feed's own host is public; where it redirects is checked before any request."""
    settings.NEWSROOM_WIRE_INTERNAL_HOSTS = []
    asked = []

    def answer(request):
        asked.append(request.url.host)
        if len(asked) > 1:
            pytest.fail(f"the redirect to {request.url} may not be followed")
        return httpx.Response(302, headers={"location": location})

    def resolve(host, port, type=0):
        if host == "wire.example.com":
            return resolves_to("93.184.216.34")(host, port, type)
        if host == "inside.example.com":
            return resolves_to("::ffff:10.0.0.5")(host, port, type)
        return socket.getaddrinfo(host, port, type=type)

    with pytest.raises(Refused):
        sources.fetch_feed(
            "https://wire.example.com/feed", transport=httpx.MockTransport(answer), resolve=resolve
        )
    assert asked == ["93.184.216.34"]
