"""Reader pages that report their next change, and odd responses, for the page-cache tests."""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

from articles import views
from articles.caching import bound_lifetime, reader_cache_headers
from articles.models import Article


class BoundedArticleView(views.ArticleDetailView):
    """The article page, fresh until one of its videos opens or closes."""

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        boundaries = (video.next_boundary(context["now"]) for video in self.object.videos.all())
        return bound_lifetime(response, min(filter(None, boundaries), default=None))


class BoundedHomeView(views.HomeView):
    """The home page, fresh until the next scheduled story goes live."""

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        scheduled = Article.objects.scheduled().order_by("published_at")
        return bound_lifetime(response, scheduled.values_list("published_at", flat=True).first())


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


reader_patterns = [
    path("", BoundedHomeView.as_view(), name="home"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("<slug:section>/<slug:slug>-n<int:pk>/", BoundedArticleView.as_view(), name="detail"),
]

urlpatterns = [
    path("odd/cookie/", public_with_cookie),
    path("odd/never/", never_cached),
    path("odd/private/", private),
    path("odd/plain/", uncacheable_by_default),
    path("", include((reader_patterns, "articles"))),
]
