import functools
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles import sitemaps
from articles.delivery import keys
from articles.delivery.lifetimes import bound_lifetime, reader_cache_headers
from articles.models import (
    Article,
    ArticleImage,
    Byline,
    Correction,
    Person,
    Section,
    Tag,
)
from articles.reader import article_page, fronts, search
from articles.reader.pagination import ArchivePaginator


class PublishedArticlesMixin:
    """Readers' views start from one queryset, published now, and send bounded cache headers
    and the content keys of what they show."""

    def published_articles(self):
        return Article.objects.published()

    def content_keys(self, context):
        return set()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return keys.label(response, self.content_keys(context))

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


def bounded_by_schedule(view, content_keys=()):
    """Reader cache headers and ``content_keys`` for a feed or sitemap; its lifetime ends
    when the next story goes live."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            keys.label(response, content_keys)
        bound_lifetime(response, Article.objects.next_publication_at())
        return reader_cache_headers(response, request)

    return wrapper


class ListingView(ScheduleBoundMixin, PublishedArticlesMixin, ListView):
    """A page of published stories, 20 at a time; a page number that is not a page is a 404."""

    context_object_name = "articles"
    paginate_by = 20
    paginator_class = ArchivePaginator
    list_key = keys.ARTICLES

    def content_keys(self, context):
        return {self.list_key, *keys.of_listed(context["object_list"])}

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # A listed story's picture appearing or disappearing changes the list.
        now = timezone.now()
        changes = (
            article.lead_image.next_boundary(now)
            for article in context["object_list"]
            if article.lead_image_id
        )
        return bound_lifetime(response, min((t for t in changes if t), default=None))


class FrontMixin:
    """A listing led by its front: the slots of the live line-up on the first page, then the
    latest stories not shown in them (on every page, so that the pages agree)."""

    def arrange_front(self, section=None):
        self.front = fronts.arrange(section)
        return self.front.shown_pks

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1 and self.front.front_id is not None:
            context["articles"] = self.front.fill(context["articles"])
            context["front_slots"] = [slot for slot in self.front.slots if slot.articles]
        return context

    def content_keys(self, context):
        shown = [article for slot in context.get("front_slots", ()) for article in slot.articles]
        return super().content_keys(context) | self.front.content_keys() | keys.of_listed(shown)

    def render_to_response(self, context, **kwargs):
        # A scheduled line-up, or a scheduled story it places, takes over at its instant.
        response = super().render_to_response(context, **kwargs)
        return bound_lifetime(response, self.front.changes_at)


class HomeView(FrontMixin, ListingView):
    template_name = "articles/home.html"

    def get_queryset(self):
        shown = self.arrange_front()
        return self.published_articles().for_listing().exclude(pk__in=shown)


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    """An article, rendered from its rows, with each video as it stands at this request."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        self.object, onward = article_page.published_page(self.kwargs["pk"], now)
        article = self.object
        if article is None:
            raise Http404("No published article here.")
        if request.path != article.get_absolute_url():
            return redirect(article.get_absolute_url(), permanent=True)
        response = self.render_to_response(
            self.get_context_data(object=article, now=now, onward=onward)
        )
        # A video's or picture's window opening or closing changes the page: no cache may
        # outlive that; nor a scheduled story joining its related or section lists.
        bound_lifetime(response, onward.changes_at)
        bound_lifetime(response, article.next_video_change(now))
        return bound_lifetime(response, article.next_picture_change(now))

    def content_keys(self, context):
        article = context["article"]
        return keys.of_article_page(article) | context["onward"].content_keys(article)


class AuthorView(ListingView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.credited_on_published_articles().select_related("headshot"),
            slug=self.kwargs["slug"],
        )
        return self.published_articles().by_author(self.person).for_listing().with_bylines()

    def upcoming_articles(self):
        # A scheduled story showing their photographs changes the page too.
        return Article.objects.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), person=self.person))
            | Exists(
                ArticleImage.objects.filter(article=OuterRef("pk"), image__photographer=self.person)
            )
        )

    def get_context_data(self, **kwargs):
        self.list_key = keys.articles_of("person", self.person.pk)
        self.photographs = ArticleImage.objects.photographs_by(self.person)
        return super().get_context_data(person=self.person, photographs=self.photographs, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        now = timezone.now()
        changes = (row.image.next_boundary(now) for row in self.photographs)
        return bound_lifetime(response, min((t for t in changes if t), default=None))

    def content_keys(self, context):
        person = self.person
        headshot = {keys.thing("image", person.headshot_id)} if person.headshot_id else set()
        photographs = {keys.thing("image", row.image_id) for row in self.photographs}
        photographs |= {keys.thing("article", row.article_id) for row in self.photographs}
        return (
            super().content_keys(context)
            | {keys.thing("person", person.pk)}
            | headshot
            | photographs
        )


class SectionView(FrontMixin, ListingView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["section"])
        shown = self.arrange_front(self.section)
        return (
            self.published_articles().in_section(self.section).for_listing().exclude(pk__in=shown)
        )

    def upcoming_articles(self):
        return Article.objects.in_section(self.section)

    def get_context_data(self, **kwargs):
        self.list_key = keys.articles_of("section", self.section.pk)
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ListingView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag.objects.on_published_articles(), slug=self.kwargs["slug"])
        return self.published_articles().tagged(self.tag).for_listing()

    def upcoming_articles(self):
        return Article.objects.tagged(self.tag)

    def get_context_data(self, **kwargs):
        self.list_key = keys.articles_of("tag", self.tag.pk)
        return super().get_context_data(tag=self.tag, **kwargs)

    def content_keys(self, context):
        return super().content_keys(context) | {keys.thing("tag", self.tag.pk)}


class SearchView(ListingView):
    """
    Results for the reader's query, by relevance or newest first (``?sort=newest``).
    The count stops at search.MAX_RESULTS, and so do the pages.
    """

    template_name = "articles/search.html"
    paginator_class = Paginator
    list_key = keys.SEARCH

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


@functools.partial(bounded_by_schedule, content_keys=[keys.SITEMAP])
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
    return reader_cache_headers(keys.label(response, ()), request)


class CorrectionsView(PublishedArticlesMixin, ListView):
    """Every note on a story readers can see, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = 50

    def get_queryset(self):
        return Correction.objects.on_published_articles().select_related("article__section")

    def content_keys(self, context):
        shown = {correction.article_id for correction in context["object_list"]}
        return {keys.CORRECTIONS, *(keys.thing("article", pk) for pk in shown)}
