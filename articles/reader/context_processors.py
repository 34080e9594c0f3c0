from articles.conf import setting
from articles.reader import breaking, browsers


def site(request):
    unsupported = getattr(request, "browser_class", browsers.SUPPORTED) == browsers.UNSUPPORTED
    return {
        "site_name": setting("NEWSROOM_SITE_NAME"),
        "browser_notice": browsers.notice_message() if unsupported else "",
        # Read only by templates that show it (reader pages), once per request.
        "breaking_news": lambda: breaking.for_request(request)[0],
    }
