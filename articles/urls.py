from django.urls import path

from articles import feeds, previews, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections_feed"),
    path("preview/<slug:token>/", previews.shared_preview, name="shared_preview"),
    path("<slug:section>/<slug:slug>-n<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
]
