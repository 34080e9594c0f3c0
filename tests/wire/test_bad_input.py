"""Bad wire input: each item refused or skipped with a reason, the rest of the run done,
nothing half-written."""

import io
import json
import socket
import time

import httpx
import pytest
from django.core.management import call_command

from articles.models import Article, Person, Tag, WireEvent, WireSource
from articles.wire import sources
from articles.wire.items import Refused
from tests.helpers import make_organization, make_section

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1">
<contentMeta><headline>&lol3;</headline></contentMeta></newsItem>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><guid>e1</guid>
<title>&secret;</title><description>x</description></item></channel></rss>"""


def ingest(path, *args):
    out = io.StringIO()
    call_command(
        "ingest",
        "--file",
        str(path),
        "--organization",
        "wire-agency",
        "--no-progress",
        *args,
        stdout=out,
    )
    return out.getvalue()


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def ninjs(guid, **fields):
    return json.dumps({"uri": guid, "headline": "A headline", "body_text": "Text.", **fields})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.json", b'{"uri": "x", "headline": ', "Not valid JSON"),
        ("broken.xml", b"<newsItem><itemMeta></newsItem>", "Not well-formed XML"),
        ("laughs.xml", BILLION_LAUGHS, "Unsafe XML refused"),
        ("number.json", b"42", "must be a JSON object"),
    ],
)
def test_malformed_and_hostile_documents_are_refused(drop, agency, world, name, data, reason):
    fmt = "newsml" if name.endswith(".xml") else "ninjs"
    out = ingest(write(drop, name, data), "--format", fmt)
    assert "1 refused" in out and reason in out
    assert reason in WireEvent.objects.get(outcome="refused").reason
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_external_entity_in_a_feed_is_refused(drop, agency, world):
    out = ingest(write(drop, "ext.rss", EXTERNAL_ENTITY), "--format", "feed")
    assert "Unsafe XML refused" in out
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_entity_expansion_in_a_feed_is_refused(drop, agency, world):
    feed = BILLION_LAUGHS.replace(b"<newsItem", b"<rss").replace(b"</newsItem>", b"</rss>")
    assert "Unsafe XML refused" in ingest(write(drop, "lol.rss", feed), "--format", "feed")


@pytest.mark.django_db
def test_bad_items_are_refused_and_the_rest_of_the_file_is_taken(drop, agency, world):
    """A list with an item without a headline and one whose body is only a script: both
    refused with reasons; the good item is taken."""
    items = [
        json.loads(ninjs("good")),
        json.loads(ninjs("no-headline", headline="  ")),
        json.loads(ninjs("script", body_html="<script>alert(1)</script>", body_text="")),
        {"headline": "no uri"},
    ]
    out = ingest(write(drop, "mixed.json", json.dumps(items)))
    assert "1 new" in out and "3 refused" in out
    assert "no-headline (The item has no headline.)" in out
    assert "script (The item has no text once cleaned" in out
    assert "The item has no uri." in out
    assert list(Article.objects.values_list("headline", flat=True)) == ["A headline"]
    assert set(WireEvent.objects.values_list("outcome", flat=True)) == {"new", "refused"}


@pytest.mark.django_db
def test_failed_item_leaves_nothing_half_written(drop, agency, world, monkeypatch):
    """An error after the story was written rolls back the story, its people and tags."""
    from articles.wire import mapping

    def broken(*args, **kwargs):
        raise Refused("Tags could not be written.")

    monkeypatch.setattr(mapping, "tags_for", broken)
    out = ingest(drop / "ninjs-1.json")
    assert "1 refused" in out
    assert not Article.objects.exists()
    assert not Person.objects.exists()
    assert not Tag.objects.exists()


@pytest.mark.django_db
def test_oversize_file_is_refused(drop, agency, world, settings):
    settings.NEWSROOM_WIRE_MAX_BYTES = 100
    out = ingest(drop / "ninjs-1.json")
    assert "larger than 100 bytes" in out
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_file_outside_the_drop_folders_is_refused(drop, agency, world, tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_text(ninjs("outside"))
    assert "not inside a configured drop folder" in ingest(outside)
    link = drop / "sneaky.json"
    link.symlink_to(outside)
    assert "not inside a configured drop folder" in ingest(link)
    assert "not inside a configured drop folder" in ingest(drop / ".." / "elsewhere.json")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_source_folder_outside_the_drop_folders_is_a_form_error(drop, agency, world):
    source = WireSource(name="x", organization=agency, format="ninjs", folder="/etc", section=world)
    with pytest.raises(Exception, match="not inside a drop folder"):
        source.full_clean()


# Feeds. Addresses are resolved by a stand-in resolver, requests answered by httpx's
# MockTransport: no network is used.


def resolver(mapping):
    def resolve(host, port, type=0):
        address = mapping[host]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve


PUBLIC = resolver(
    {
        "wire.example.com": "93.184.216.34",
        "inside.example.com": "10.0.0.5",
        "cdn.example.com": "93.184.216.35",
        "local.example.com": "127.0.0.1",
        "meta.example.com": "169.254.169.254",
        "v6.example.com": "::1",
        "mapped.example.com": "::ffff:192.168.0.1",
    }
)


@pytest.mark.parametrize(
    "url",
    [
        "http://wire.example.com/feed",
        "https://local.example.com/feed",
        "https://inside.example.com/feed",
        "https://meta.example.com/latest",
        "https://v6.example.com/feed",
        "https://mapped.example.com/feed",
    ],
)
def test_feed_addresses_inside_the_network_are_refused(url, settings):
    settings.NEWSROOM_WIRE_INTERNAL_HOSTS = []
    transport = httpx.MockTransport(lambda request: pytest.fail("no request may be made"))
    with pytest.raises(Refused):
        sources.fetch_feed(url, transport=transport, resolve=PUBLIC)


def test_literal_loopback_address_is_refused():
    with pytest.raises(Refused, match="inside the network"):
        sources.fetch_feed("https://127.0.0.1/feed", transport=httpx.MockTransport(None))


def test_internal_host_allowed_by_setting(settings):
    settings.NEWSROOM_WIRE_INTERNAL_HOSTS = ["inside.example.com"]
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"<rss/>"))
    assert (
        sources.fetch_feed("https://inside.example.com/feed", transport=transport, resolve=PUBLIC)
        == b"<rss/>"
    )


def test_feed_request_goes_to_the_checked_address():
    seen = []

    def answer(request):
        seen.append((request.url.host, request.headers["host"]))
        return httpx.Response(200, content=b"<rss/>")

    sources.fetch_feed(
        "https://wire.example.com/feed?x=1", transport=httpx.MockTransport(answer), resolve=PUBLIC
    )
    assert seen == [("93.184.216.34", "wire.example.com")]


def test_redirect_to_an_internal_address_is_refused():
    def answer(request):
        if request.headers["host"] == "wire.example.com":
            return httpx.Response(302, headers={"location": "https://meta.example.com/x"})
        pytest.fail("the redirect may not be followed")

    with pytest.raises(Refused, match="inside the network"):
        sources.fetch_feed(
            "https://wire.example.com/feed", transport=httpx.MockTransport(answer), resolve=PUBLIC
        )


def test_redirect_to_a_public_address_is_followed():
    def answer(request):
        if request.headers["host"] == "wire.example.com":
            return httpx.Response(301, headers={"location": "https://cdn.example.com/feed"})
        return httpx.Response(200, content=b"<rss/>")

    assert (
        sources.fetch_feed(
            "https://wire.example.com/feed", transport=httpx.MockTransport(answer), resolve=PUBLIC
        )
        == b"<rss/>"
    )


def test_endless_feed_is_cut_at_the_size_cap(settings):
    settings.NEWSROOM_WIRE_MAX_BYTES = 10_000

    def endless():
        while True:
            yield b"<item>" * 100

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=endless()))
    with pytest.raises(Refused, match="more than 10000 bytes"):
        sources.fetch_feed("https://wire.example.com/feed", transport=transport, resolve=PUBLIC)


def test_slow_feed_is_cut_at_the_time_limit(settings):
    settings.NEWSROOM_WIRE_FEED_SECONDS = 0.2

    def trickle():
        while True:
            time.sleep(0.05)
            yield b"<"

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=trickle()))
    with pytest.raises(Refused, match="longer than allowed"):
        sources.fetch_feed("https://wire.example.com/feed", transport=transport, resolve=PUBLIC)


def test_unreachable_feed_is_refused():
    def fail(request):
        raise httpx.ConnectError("connection refused")

    with pytest.raises(Refused, match="cannot be read"):
        sources.fetch_feed(
            "https://wire.example.com/feed", transport=httpx.MockTransport(fail), resolve=PUBLIC
        )


def test_unresolvable_host_is_refused():
    def no_host(host, port, type=0):
        raise socket.gaierror("Name or service not known")

    with pytest.raises(Refused, match="cannot be resolved"):
        sources.fetch_feed("https://nowhere.invalid/feed", resolve=no_host)


@pytest.mark.django_db
def test_unreachable_feed_source_is_logged_and_other_sources_still_run(drop, agency, world):
    """One source failing does not stop the run; its reason is in the output and the log."""
    WireSource.objects.create(
        name="Broken feed",
        organization=agency,
        format="feed",
        feed_url="https://127.0.0.1/feed",
        section=world,
    )
    other = make_organization(name="Other Agency", slug="other")
    WireSource.objects.create(
        name="Folder", organization=other, format="ninjs", folder=str(drop), section=make_section()
    )
    out = io.StringIO()
    call_command("ingest", "--no-progress", stdout=out)
    assert "inside the network" in out.getvalue()
    assert "2 new" in out.getvalue()
    assert WireEvent.objects.filter(outcome="refused", reason__contains="inside the network")
    # Files read from a source folder are moved out of the way.
    assert (drop / "done" / "ninjs-1.json").exists()
    assert not (drop / "ninjs-1.json").exists()
    assert WireSource.objects.get(name="Folder").last_report.startswith("2 new")


@pytest.mark.django_db
def test_item_taken_by_a_concurrent_run_is_refused_not_fatal(drop, agency, world, monkeypatch):
    """A unique-guid clash (another run wrote the item first) refuses the item, writes
    nothing, and the run goes on."""
    from django.db import IntegrityError

    from articles.models import WireItem

    def clash(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: wireitem_unique_guid")

    monkeypatch.setattr(WireItem.objects, "create", clash)
    out = ingest(drop / "feed.rss", "--format", "feed")
    assert "2 refused" in out and "Not written" in out
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_failing_source_does_not_stop_the_others(drop, agency, world, monkeypatch):
    from articles.wire import ingest as service

    WireSource.objects.create(
        name="Broken", organization=agency, format="ninjs", folder=str(drop), section=world
    )
    other = make_organization(name="Other", slug="other")
    WireSource.objects.create(
        name="Fine", organization=other, format="ninjs", folder=str(drop), section=world
    )
    real = service.ingest_source

    def flaky(source, report, progress=None):
        if source.name == "Broken":
            raise RuntimeError("disk on fire")
        return real(source, report, progress)

    monkeypatch.setattr("articles.management.commands.ingest.ingest_source", flaky)
    out = io.StringIO()
    call_command("ingest", "--no-progress", stdout=out)
    assert "Broken (reading the source failed; see the log)" in out.getvalue()
    assert "2 new" in out.getvalue()
