"""The benchmark's ceiling: a bare Django project (no apps, no middleware, no database, no
templates) whose one view returns the same 15 KB page as the in-project ceiling."""

SECRET_KEY = "bare-benchmark-project-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
TEMPLATES = []
USE_TZ = True
