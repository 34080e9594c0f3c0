from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles import feeds, sitemaps, views
from articles.delivery import keys
from articles.editorial import previews

# Feeds show each item's headline, dek, credits and topics; sitemaps date every article.
# Their keys are purged by any change to a published article (articles.delivery.changes).
FEED_KEYS = [keys.FEEDS]
SITEMAP_KEYS = [keys.SITEMAP]

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("feed/", views.bounded_by_schedule(feeds.LatestArticlesFeed(), FEED_KEYS), name="feed"),
    path(
        "feed/atom/",
        views.bounded_by_schedule(feeds.LatestArticlesAtomFeed(), FEED_KEYS),
        name="feed_atom",
    ),
    path(
        "sitemap.xml",
        views.bounded_by_schedule(sitemap_views.index, SITEMAP_KEYS),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        views.bounded_by_schedule(sitemap_views.sitemap, SITEMAP_KEYS),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path(
        "corrections/feed/",
        views.bounded_by_schedule(feeds.CorrectionsFeed(), [*FEED_KEYS, keys.CORRECTIONS]),
        name="corrections_feed",
    ),
    path("preview/<slug:token>/", previews.shared_preview, name="shared_preview"),
    path(
        "authors/<slug:slug>/feed/",
        views.bounded_by_schedule(feeds.AuthorFeed(), FEED_KEYS),
        name="author_feed",
    ),
    path(
        "authors/<slug:slug>/feed/atom/",
        views.bounded_by_schedule(feeds.AuthorAtomFeed(), FEED_KEYS),
        name="author_feed_atom",
    ),
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
    path(
        "<slug:section>/feed/",
        views.bounded_by_schedule(feeds.SectionFeed(), FEED_KEYS),
        name="section_feed",
    ),
    path(
        "<slug:section>/feed/atom/",
        views.bounded_by_schedule(feeds.SectionAtomFeed(), FEED_KEYS),
        name="section_feed_atom",
    ),
    path("<slug:section>/<slug:slug>-n<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
]
