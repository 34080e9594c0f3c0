from django.conf import settings

from articles.reader import browsers


def site(request):
    unsupported = getattr(request, "browser_class", browsers.SUPPORTED) == browsers.UNSUPPORTED
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "browser_notice": browsers.notice_message() if unsupported else "",
    }
