"""
The server-error page: built from the request alone (no database, no context processors,
which may be what failed), with the browser notice like every other reader page.
"""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from articles.reader import browsers


@requires_csrf_token
def server_error(request, template_name="500.html"):
    unsupported = browsers.classify(request.headers.get("User-Agent")) == browsers.UNSUPPORTED
    context = {"browser_notice": browsers.notice_message() if unsupported else ""}
    return HttpResponseServerError(loader.get_template(template_name).render(context))
