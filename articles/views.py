from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles.caching import bound_lifetime, reader_cache_headers
from articles.models import Article, Person
from articles.models.videos import next_boundary_of


class PublishedArticlesMixin:
    """Readers' views start from one queryset, published now, and send bounded cache headers."""

    def published_articles(self):
        return Article.objects.published()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        bound_lifetime(response, self.changes_at())
        return reader_cache_headers(response, request)

    def changes_at(self):
        """The next instant this page changes by itself (None: only edits change it)."""
        return None


class ArticleListView(PublishedArticlesMixin, ListView):
    """A listing changes by itself when the next scheduled article goes live."""

    context_object_name = "articles"
    paginate_by = 20

    def changes_at(self):
        return Article.objects.next_scheduled_at()


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        return self.published_articles().for_listing()


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return self.published_articles().for_page()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)
        now = timezone.now()
        response = self.render_to_response(self.get_context_data(object=self.object, now=now))
        # A video's window opening or closing changes the page: no cache may outlive that.
        videos = [self.object.lead_video, *self.object.videos.all()]
        return bound_lifetime(response, next_boundary_of(videos, now))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("now", timezone.now())
        return super().get_context_data(**kwargs)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.select_related("headshot"), slug=self.kwargs["slug"]
        )
        return self.published_articles().bylined(self.person).for_listing().with_bylines()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)
