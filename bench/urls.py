"""Newsroom's URLs plus the in-project ceiling: the 15 KB page through every middleware."""

from django.http import HttpResponse
from django.urls import include, path

from bench.ceiling import BODY


def trivial(request):
    return HttpResponse(BODY)


urlpatterns = [path("bench/trivial/", trivial), path("", include("newsroom.urls"))]
