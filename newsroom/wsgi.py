"""WSGI entry point: ``gunicorn newsroom.wsgi``. Stored pages are answered before Django
handles the request (``articles.delivery.pagecache.StoredPagesApplication``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

from articles.delivery.pagecache import StoredPagesApplication  # noqa: E402 (needs Django set up)

application = StoredPagesApplication(django_application)
