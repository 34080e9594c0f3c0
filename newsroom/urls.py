from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import admin_views

urlpatterns = [
    path(
        "admin/markdownx/markdownify/",
        admin_views.PreviewView.as_view(),
        name="markdownx_markdownify",
    ),
    path("admin/markdownx/upload/", admin_views.UploadView.as_view(), name="markdownx_upload"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "articles.errors.server_error"
