from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles.caching import reader_cache_headers
from articles.models import Article, Byline, Person


class PublishedArticlesMixin:
    """Readers' views start from one queryset, published now, and send bounded cache headers."""

    def published_articles(self):
        return Article.objects.published()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        return reader_cache_headers(response, request)


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

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
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


class AuthorView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        # A subquery, not a join with DISTINCT: PostgreSQL would sort whole rows to dedupe.
        bylines = Byline.objects.filter(person=self.person).values("article_id")
        return self.published_articles().filter(pk__in=bylines).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)
