"""The browser-support notice: who gets it, where it appears, and what it costs."""

import random
import string
from html.parser import HTMLParser

import pytest
from django.utils import translation

from articles.conf import DEFAULTS
from articles.reader import browsers
from articles.reader.browsers import SUPPORTED, UNSUPPORTED, classify
from tests.helpers import CHROME_UA, IE11_COMPAT_UA, IE11_UA, add_byline, make_article

NOTICE = "IE 11 is not supported. For an optimal experience visit our site on another browser."

# Real User-Agent strings as the browsers, crawlers and tools send them.
CORPUS = [
    # Internet Explorer 11 on Windows 7, 8.1 and 10, 32- and 64-bit, and on Xbox/phone.
    ("ie11-win7", "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko", UNSUPPORTED),
    (
        "ie11-win7-wow64",
        "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
        UNSUPPORTED,
    ),
    (
        "ie11-win81",
        "Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0) like Gecko",
        UNSUPPORTED,
    ),
    (
        "ie11-win81-touch",
        "Mozilla/5.0 (Windows NT 6.3; Win64; x64; Trident/7.0; Touch; rv:11.0) like Gecko",
        UNSUPPORTED,
    ),
    ("ie11-win10", IE11_UA, UNSUPPORTED),
    (
        "ie11-win10-x64",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko",
        UNSUPPORTED,
    ),
    (
        "ie11-win10-netclr",
        "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; "
        ".NET CLR 2.0.50727; .NET CLR 3.0.30729; .NET CLR 3.5.30729; rv:11.0) like Gecko",
        UNSUPPORTED,
    ),
    # IE 11 in compatibility view: it claims to be MSIE 7.0 but keeps the Trident token.
    ("ie11-compat-win10", IE11_COMPAT_UA, UNSUPPORTED),
    (
        "ie11-compat-win7",
        "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1; WOW64; Trident/7.0; SLCC2; "
        ".NET CLR 2.0.50727; .NET CLR 3.5.30729; .NET CLR 3.0.30729; Media Center PC 6.0)",
        UNSUPPORTED,
    ),
    (
        "ie11-compat-win81",
        "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.3; Trident/7.0; .NET4.0E; .NET4.0C)",
        UNSUPPORTED,
    ),
    ("ie10", "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)", UNSUPPORTED),
    (
        "ie10-win7",
        "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)",
        UNSUPPORTED,
    ),
    ("ie9", "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)", UNSUPPORTED),
    (
        "ie9-x64",
        "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Win64; x64; Trident/5.0)",
        UNSUPPORTED,
    ),
    (
        "ie8",
        "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; "
        ".NET CLR 2.0.50727)",
        UNSUPPORTED,
    ),
    ("ie7-xp", "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1)", UNSUPPORTED),
    ("ie6-xp", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)", UNSUPPORTED),
    (
        "ie-mobile-10",
        "Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; "
        "ARM; Touch; NOKIA; Lumia 920)",
        UNSUPPORTED,
    ),
    # Edge Legacy (EdgeHTML) and today's Edge (Chromium) are supported.
    (
        "edge-legacy-18",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582",
        SUPPORTED,
    ),
    (
        "edge-legacy-12",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/42.0.2311.135 Safari/537.36 Edge/12.10136",
        SUPPORTED,
    ),
    (
        "edge-chromium",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        SUPPORTED,
    ),
    (
        "edge-macos",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
        SUPPORTED,
    ),
    # Chrome on the desktop and on Android.
    ("chrome-windows", CHROME_UA, SUPPORTED),
    (
        "chrome-macos",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        SUPPORTED,
    ),
    (
        "chrome-linux",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        SUPPORTED,
    ),
    (
        "chrome-android",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        SUPPORTED,
    ),
    (
        "chrome-ios",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        SUPPORTED,
    ),
    # Firefox.
    (
        "firefox-windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        SUPPORTED,
    ),
    (
        "firefox-macos",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
        SUPPORTED,
    ),
    (
        "firefox-linux",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        SUPPORTED,
    ),
    (
        "firefox-esr-win7",
        "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0",
        SUPPORTED,
    ),
    (
        "firefox-android",
        "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        SUPPORTED,
    ),
    # Safari on macOS, iPhone and iPad.
    (
        "safari-macos",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        SUPPORTED,
    ),
    (
        "safari-ios",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        SUPPORTED,
    ),
    (
        "safari-ipados",
        "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
        SUPPORTED,
    ),
    # Samsung Internet and Opera.
    (
        "samsung-internet",
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 "
        "(KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        SUPPORTED,
    ),
    (
        "samsung-internet-old",
        "Mozilla/5.0 (Linux; Android 9; SAMSUNG SM-G960F) AppleWebKit/537.36 "
        "(KHTML, like Gecko) SamsungBrowser/10.1 Chrome/71.0.3578.99 Mobile Safari/537.36",
        SUPPORTED,
    ),
    (
        "opera",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/129.0.0.0 Safari/537.36 OPR/115.0.0.0",
        SUPPORTED,
    ),
    ("opera-presto", "Opera/9.80 (Windows NT 6.1; U; en) Presto/2.12.388 Version/12.16", SUPPORTED),
    # Search engine crawlers are supported browsers, whatever they copy from others.
    (
        "googlebot",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        SUPPORTED,
    ),
    (
        "googlebot-smartphone",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 "
        "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        SUPPORTED,
    ),
    (
        "bingbot",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        SUPPORTED,
    ),
    (
        "bingbot-chrome",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
        "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        SUPPORTED,
    ),
    (
        "bingpreview-as-ie11",
        "Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0; BingPreview/1.0b) like Gecko",
        SUPPORTED,
    ),
    (
        "duckduckbot",
        "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
        SUPPORTED,
    ),
    ("yandexbot", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", SUPPORTED),
    # Tools, and what is not a browser at all.
    ("curl", "curl/8.5.0", SUPPORTED),
    ("wget", "Wget/1.21.4", SUPPORTED),
    ("python-requests", "python-requests/2.32.3", SUPPORTED),
    ("empty", "", SUPPORTED),
    ("missing", None, SUPPORTED),
    ("whitespace", "   ", SUPPORTED),
    ("garbage-10kb", "".join(random.Random(5).choices(string.printable, k=10_240)), SUPPORTED),
    ("garbage-bytes", "\x00\xff\xfe" * 3000, SUPPORTED),
    ("ie11-padded-10kb", IE11_UA + "x" * 10_240, UNSUPPORTED),
]


@pytest.mark.parametrize(("name", "user_agent", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_user_agent_corpus_is_classified_as_expected(name, user_agent, expected):
    """Every string of the corpus lands in its class, and none raises."""
    assert classify(user_agent) == expected


def test_corpus_covers_at_least_forty_real_user_agents():
    """The corpus is broad enough to pin the policy down."""
    assert len(CORPUS) >= 40
    assert {expected for _, _, expected in CORPUS} == {SUPPORTED, UNSUPPORTED}


def test_classification_is_memoized():
    """A repeated User-Agent is answered from memory, not parsed again."""
    browsers._classify.cache_clear()
    classify(CHROME_UA)
    classify(CHROME_UA)
    info = browsers._classify.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_unsupported_families_come_from_settings(settings):
    """The policy is read at request time: a deployment can add or drop a browser family."""
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    settings.NEWSROOM_UNSUPPORTED_BROWSERS = ["Firefox"]
    assert classify(firefox) == UNSUPPORTED
    assert classify(IE11_UA) == SUPPORTED
    assert classify(IE11_COMPAT_UA) == SUPPORTED


class Landmarks(HTMLParser):
    """The body's top-level elements in order, and the notice's landmark attributes."""

    def __init__(self):
        super().__init__()
        self.order, self.notice, self._depth = [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self._depth = 1
            return
        if self._depth == 1:
            self.order.append(attrs.get("class") or tag)
        if "browser-notice" in (attrs.get("class") or ""):
            self.notice = attrs
        if self._depth and tag not in {"meta", "link", "br", "img", "input"}:
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth > 1 and tag not in {"meta", "link", "br", "img", "input"}:
            self._depth -= 1


def landmarks(response):
    parser = Landmarks()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
def test_notice_is_a_labelled_region_before_the_site_header(ie11):
    """IE 11 gets the notice as the page's first landmark, ahead of the header."""
    article = make_article()
    page = landmarks(ie11.get(article.get_absolute_url()))
    assert page.order.index("browser-notice") < page.order.index("site-header")
    assert page.order[0] == "browser-notice"
    assert page.notice["role"] == "region"
    assert page.notice["aria-label"] == "Browser support"


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", [IE11_UA, IE11_COMPAT_UA])
def test_every_reader_page_shows_the_notice_to_ie(client, user_agent):
    """Home, article and author pages all open with the notice for IE 11, compat mode too."""
    article = make_article()
    byline = add_byline(article)
    for url in ("/", article.get_absolute_url(), f"/authors/{byline.person.slug}/"):
        response = client.get(url, HTTP_USER_AGENT=user_agent)
        assert response.status_code == 200, url
        assert response.content.decode().count(NOTICE) == 1, url


@pytest.mark.django_db
def test_supported_browsers_and_crawlers_get_no_notice(client):
    """Chrome, Googlebot, curl and a request without User-Agent see no notice."""
    make_article()
    googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    for user_agent in (CHROME_UA, googlebot, "curl/8.5.0", ""):
        response = client.get("/", HTTP_USER_AGENT=user_agent)
        assert "browser-notice" not in response.content.decode(), user_agent
    assert "browser-notice" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_not_found_page_shows_the_notice_to_ie11(client):
    """The 404 page is a reader page too: IE 11 gets the notice, Chrome does not."""
    ie = client.get("/no/such-page-n999/", HTTP_USER_AGENT=IE11_UA)
    chrome = client.get("/no/such-page-n999/", HTTP_USER_AGENT=CHROME_UA)
    assert ie.status_code == chrome.status_code == 404
    assert "Page not found" in ie.content.decode()
    assert landmarks(ie).order[0] == "browser-notice"
    assert NOTICE not in chrome.content.decode()
    assert "User-Agent" in ie["Vary"]


@pytest.mark.django_db
def test_notice_message_comes_from_settings(client, settings):
    """A site can word the notice its own way."""
    settings.NEWSROOM_BROWSER_NOTICE = "Please upgrade your browser."
    response = client.get("/", HTTP_USER_AGENT=IE11_UA)
    assert "Please upgrade your browser." in response.content.decode()


def test_default_notice_is_translatable(settings):
    """The default sentence goes through the translation catalogue, in the active language."""
    del settings.NEWSROOM_BROWSER_NOTICE  # as deployed: the default in articles/conf.py
    message = browsers.notice_message()
    assert str(message) == NOTICE
    assert type(message).__name__ == "__proxy__"  # a lazy translation, resolved per request
    assert message is DEFAULTS["NEWSROOM_BROWSER_NOTICE"]
    with translation.override("fr"):
        assert str(message) == NOTICE  # no French catalogue yet: the English sentence


@pytest.mark.django_db
def test_notice_needs_no_script_and_sets_no_cookie(client):
    """The notice is plain server-rendered HTML; the page sets no cookie to decide it."""
    make_article()
    response = client.get("/", HTTP_USER_AGENT=IE11_UA)
    assert "<script" not in response.content.decode()
    assert not response.cookies


@pytest.mark.django_db
def test_server_error_page_shows_the_notice_to_ie11(client, monkeypatch):
    """Even the 500 page, built without the database, opens with the notice for IE 11."""

    def broken(*args, **kwargs):
        raise RuntimeError("the home page is broken")

    monkeypatch.setattr("articles.views.HomeView.get", broken)
    client.raise_request_exception = False
    ie = client.get("/", HTTP_USER_AGENT=IE11_UA)
    chrome = client.get("/", HTTP_USER_AGENT=CHROME_UA)
    assert ie.status_code == chrome.status_code == 500
    assert "Something went wrong" in ie.content.decode()
    assert landmarks(ie).order[0] == "browser-notice"
    assert NOTICE not in chrome.content.decode()
    assert "Something went wrong" in chrome.content.decode()


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36 NewsReaderMSIE 2.1",
        "ExampleAppMSIE 9.0 (Linux; Android 14)",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 NotTrident/1.0",
        "MyIEMobile/2.0 (compatible; bot-free)",
    ],
)
def test_an_ie_token_inside_another_word_is_not_internet_explorer(user_agent):
    """Tokens are matched whole: an app whose name ends in "MSIE" gets no notice."""
    assert classify(user_agent) == SUPPORTED
