"""
The server-error and busy pages: built from the request alone (no database, no context
processors, which may be what failed), with the browser notice like every other reader page.
"""

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import requires_csrf_token

from articles.reader import browsers


@requires_csrf_token
def server_error(request, template_name="500.html"):
    unsupported = browsers.classify(request.headers.get("User-Agent")) == browsers.UNSUPPORTED
    context = {"browser_notice": browsers.notice_message() if unsupported else ""}
    return HttpResponseServerError(loader.get_template(template_name).render(context))


# Seconds a reader is asked to wait before trying again after a "busy" page.
BUSY_RETRY_AFTER = 10


def busy(request):
    """
    The "busy, try again" page (503) for a reader request that ran out of database time.
    Like the server-error page it reads nothing from the database, whose transaction may
    have just been cancelled; caches are told not to keep it.
    """
    unsupported = browsers.classify(request.headers.get("User-Agent")) == browsers.UNSUPPORTED
    context = {
        "browser_notice": browsers.notice_message() if unsupported else "",
        "search": getattr(request.resolver_match, "url_name", None) == "search",
        "retry_after": BUSY_RETRY_AFTER,
    }
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    patch_cache_control(response, no_store=True)
    return response
