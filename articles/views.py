from functools import wraps

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from articles import rendering, search, sitemaps
from articles.caching import bound_lifetime, reader_cache_headers
from articles.models import Article, Correction, Person, Section, Tag
from articles.pagination import ArchivePaginator


class PublishedArticlesMixin:
    """Readers' views start from one queryset, published now, and send bounded cache headers."""

    def published_articles(self):
        return Article.objects.published()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        return reader_cache_headers(response, request)


class ScheduleBoundMixin:
    """A listing changes when the next scheduled story goes live: its cache ends then."""

    def upcoming_articles(self):
        return Article.objects.all()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return bound_lifetime(response, self.upcoming_articles().next_publication_at())


def bounded_by_schedule(view):
    """Reader cache headers for a feed or sitemap, ending when the next story goes live."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        bound_lifetime(response, Article.objects.next_publication_at())
        return reader_cache_headers(response, request)

    return wrapper


class ListingView(ScheduleBoundMixin, PublishedArticlesMixin, ListView):
    """A page of published stories, 20 at a time; a page number that is not a page is a 404."""

    context_object_name = "articles"
    paginate_by = 20
    paginator_class = ArchivePaginator


class HomeView(ListingView):
    template_name = "articles/home.html"

    def get_queryset(self):
        return self.published_articles().for_listing()


class ArticleDetailView(PublishedArticlesMixin, TemplateView):
    """A story, from its stored rendering, with each video as it stands at this request."""

    template_name = "articles/article_detail.html"

    def get(self, request, *args, **kwargs):
        story = rendering.reader_story(request, self.published_articles(), kwargs["pk"])
        if request.path != story.path:
            return redirect(story.path, permanent=True)
        now = timezone.now()
        response = self.render_to_response({"story": story.at(now)})
        # A video's window opening or closing changes the page: no cache may outlive that.
        return bound_lifetime(response, story.next_boundary(now))


class AuthorView(ListingView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.select_related("headshot"), slug=self.kwargs["slug"]
        )
        return self.published_articles().bylined(self.person).for_listing().with_bylines()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class SectionView(ListingView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["section"])
        return self.published_articles().in_section(self.section).for_listing()

    def upcoming_articles(self):
        return Article.objects.in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ListingView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.published_articles().tagged(self.tag).for_listing()

    def upcoming_articles(self):
        return Article.objects.tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SearchView(ListingView):
    """
    Results for the reader's query, by relevance or newest first (``?sort=newest``).
    The count stops at search.MAX_RESULTS, and so do the pages.
    """

    template_name = "articles/search.html"
    paginator_class = Paginator

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")
        self.results = search.SearchResults(
            self.published_articles().for_listing(), self.query, self.request.GET.get("sort")
        )
        return self.results

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query[: search.MAX_QUERY_CHARS],
            terms=self.results.query.terms,
            results=self.results,
            **kwargs,
        )


@bounded_by_schedule
def news_sitemap(request):
    articles = list(sitemaps.news_articles())
    response = render(
        request,
        "sitemaps/news.xml",
        {"articles": articles, "publication": sitemaps.news_publication()},
        content_type="application/xml",
    )
    if articles:
        # The oldest story leaves the sitemap when it turns 48 hours old.
        bound_lifetime(response, articles[-1].published_at + sitemaps.NEWS_WINDOW)
    return response


def robots_txt(request):
    response = render(request, "robots.txt", content_type="text/plain")
    return reader_cache_headers(response, request)


class CorrectionsView(PublishedArticlesMixin, ListView):
    """Every note on a story readers can see, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = 50

    def get_queryset(self):
        return Correction.objects.on_published_articles().select_related("article__section")
