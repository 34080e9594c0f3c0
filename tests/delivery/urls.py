"""The reader site plus a few odd responses, for the page-cache tests."""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

from articles.delivery.lifetimes import reader_cache_headers


def public_with_cookie(request):
    response = reader_cache_headers(HttpResponse("<p>hello</p>"), request)
    response.set_cookie("tracking", "1")
    return response


@never_cache
def never_cached(request):
    return HttpResponse(f"<p>{request.GET.get('n', '')}</p>")


def private(request):
    response = HttpResponse(f"<p>{request.GET.get('n', '')}</p>")
    patch_cache_control(response, private=True, max_age=60)
    return response


def uncacheable_by_default(request):
    return HttpResponse(f"<p>{request.GET.get('n', '')}</p>")


urlpatterns = [
    path("odd/cookie/", public_with_cookie),
    path("odd/never/", never_cached),
    path("odd/private/", private),
    path("odd/plain/", uncacheable_by_default),
    path("", include("articles.urls")),
]
