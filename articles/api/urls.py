from django.urls import path

from articles.api import views

app_name = "api"

urlpatterns = [
    path("ninjs/articles/", views.article_list, name="articles"),
    path("ninjs/articles/<int:pk>/", views.article_detail, name="article"),
]
