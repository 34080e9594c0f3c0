from django.http import HttpResponse
from django.urls import path

from bench.ceiling import BODY


def trivial(request):
    return HttpResponse(BODY)


urlpatterns = [path("bench/trivial/", trivial)]
