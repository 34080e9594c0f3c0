from articles.conf import setting
from articles.reader import browsers


def site(request):
    unsupported = getattr(request, "browser_class", browsers.SUPPORTED) == browsers.UNSUPPORTED
    return {
        "site_name": setting("NEWSROOM_SITE_NAME"),
        "browser_notice": browsers.notice_message() if unsupported else "",
    }
