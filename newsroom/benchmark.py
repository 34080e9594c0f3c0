"""
The benchmark's ceiling: the cheapest page this Django project can serve, a fixed 15 KB
string through the full middleware stack. Routed only when NEWSROOM_BENCHMARK_VIEWS is on.
"""

from django.conf import settings
from django.http import Http404, HttpResponse

PARAGRAPH = (
    "<p>The quick brown fox jumps over the lazy dog while the newsroom files its copy, "
    "checks its sources and sends the page to readers.</p>\n"
)
BODY = ("<!DOCTYPE html>\n<title>Ceiling</title>\n" + PARAGRAPH * 200)[: 15 * 1024]


def trivial(request):
    if not getattr(settings, "NEWSROOM_BENCHMARK_VIEWS", False):
        raise Http404("Benchmark views are off.")
    return HttpResponse(BODY)
