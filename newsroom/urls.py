from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.editorial import markdownx_views

urlpatterns = [
    path(
        "admin/markdownx/markdownify/",
        markdownx_views.PreviewView.as_view(),
        name="markdownx_markdownify",
    ),
    path("admin/markdownx/upload/", markdownx_views.UploadView.as_view(), name="markdownx_upload"),
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "articles.reader.errors.server_error"
