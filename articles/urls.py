from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("<slug:section>/<slug:slug>-n<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
]
