"""The Varnish purge backend: keys sent to every Varnish, after commit, retried on failure."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from articles.delivery import varnish
from tests.helpers import make_article


class FakeVarnish:
    """Records PURGE requests; answers each with the next status in ``statuses``."""

    def __init__(self, statuses=()):
        self.received, self.statuses = [], list(statuses)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                fake.received.append((self.path, self.headers.get("xkey-purge")))
                status = fake.statuses.pop(0) if fake.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keys(self):
        return [set(value.split()) for _, value in self.received]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_varnish(settings):
    made = []

    def make(statuses=()):
        fake = FakeVarnish(statuses)
        made.append(fake)
        settings.NEWSROOM_VARNISH_PURGE_URLS = [fake.url for fake in made]
        return fake

    settings.NEWSROOM_VARNISH_PURGE_RETRY_DELAYS = (0, 0, 0)
    yield make
    for fake in made:
        fake.close()


def test_every_varnish_gets_the_keys(fake_varnish):
    first, second = fake_varnish(), fake_varnish()
    assert varnish.purge({"article:1", "site"}) == []
    for fake in (first, second):
        assert fake.received == [("/", "article:1 site")]


def test_many_keys_are_sent_in_headers_varnish_accepts(fake_varnish):
    fake = fake_varnish()
    keys = {f"article:{n}" for n in range(2000)}
    varnish.purge(keys)
    assert len(fake.received) > 1
    assert all(len(value) <= varnish.MAX_HEADER_LENGTH for _, value in fake.received)
    assert set().union(*fake.keys()) == keys


def test_a_failed_purge_is_logged_and_tried_again(fake_varnish, caplog):
    fake = fake_varnish(statuses=[503, 500])
    with caplog.at_level(logging.WARNING, logger="articles.delivery.varnish"):
        for thread in varnish.purge({"article:7"}):
            thread.join(5)
    assert fake.keys() == [{"article:7"}] * 3
    assert "failed, trying again" in caplog.text
    assert "succeeded on try 3" in caplog.text


def test_a_varnish_that_never_answers_is_given_up_with_an_error(fake_varnish, settings, caplog):
    fake = fake_varnish()
    fake.close()
    with caplog.at_level(logging.WARNING, logger="articles.delivery.varnish"):
        for thread in varnish.purge({"article:7"}):
            thread.join(5)
    assert "Gave up purging article:7" in caplog.text
    assert [r.levelname for r in caplog.records].count("ERROR") == 1


def test_an_address_that_is_not_http_is_refused(fake_varnish, settings, caplog):
    settings.NEWSROOM_VARNISH_PURGE_URLS = ["file:///etc/passwd"]
    with caplog.at_level(logging.WARNING, logger="articles.delivery.varnish"):
        for thread in varnish.purge({"article:7"}):
            thread.join(5)
    assert "not an HTTP address" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_save_purges_its_keys_from_varnish_after_commit(fake_varnish):
    fake = fake_varnish()
    article = make_article()
    fake.received.clear()
    with transaction.atomic():
        article.dek = "A new summary."
        article.save()
        assert fake.received == [], "purged before the commit"
    assert {f"article:{article.pk}"} <= set().union(*fake.keys())


def test_no_varnish_configured_sends_nothing(settings):
    settings.NEWSROOM_VARNISH_PURGE_URLS = []
    assert varnish.purge({"article:1"}) == []
