"""
Newsroom settings.

Every value that changes between a laptop and production comes from the environment.
The defaults run the site on SQLite with nothing configured; with DEBUG off (the
default) the values production must provide raise ImproperlyConfigured when missing.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def required(name, hint):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable: {hint}")
    return value


DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", "django-insecure-local-development-only")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = required("SECRET_KEY", "a long random string, kept out of the repository.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or required(
        "ALLOWED_HOSTS", "a comma-separated list of the host names the site answers to."
    )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused admin form explains itself and keeps what was typed.
CSRF_FAILURE_VIEW = "articles.editorial.kept_submissions.csrf_failure"

INSTALLED_APPS = [
    "articles.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "csp",
    "reversion",
    "axes",
    "articles",
]

MIDDLEWARE = [
    # /healthz and /readyz for load balancers, before host checks and HTTPS redirects.
    "articles.delivery.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored pages for anonymous readers; then an ETag and 304s for every page.
    "articles.delivery.pagecache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "articles.reader.middleware.BrowserSupportMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so that the limit covers the view and its template, nothing else.
    "articles.reader.time_limits.ReaderTimeLimitMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    # Reader pages (templates/reader/): Jinja2, several times cheaper to render.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "reader"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.reader.jinja.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "articles.reader.context_processors.site",
            ],
        },
    },
    # The admin, feeds and sitemaps: Django's template language.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.reader.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis in production (CACHE_URL=redis://host:6379/0); local memory otherwise.
# A Redis outage degrades to uncached pages instead of errors.
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # The page cache handles Redis errors itself (serves uncached, logs, retries).
    CACHES["pages"] = {
        **CACHES["default"],
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
    # So do presence reports on the article form (articles/admin/presence.py): it says when
    # it cannot tell who else is here rather than telling nobody is.
    CACHES["presence"] = CACHES["pages"]
    NEWSROOM_PRESENCE_CACHE = "presence"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env("LANGUAGE_CODE", "en-us")
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads and renditions in an S3-compatible object store (MEDIA_STORAGE=s3), shared by
# every app server, through django-storages; it reads the usual AWS_* names.
MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = required("AWS_STORAGE_BUCKET_NAME", "the bucket for uploads.")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    # Public addresses (a CDN's host name, or the bucket's own) that cached pages may keep:
    # signed addresses would expire while a page is still served.
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False  # names are generated; never replace a stored file
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("MEDIA_STORAGE is local (the default) or s3.")
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Files every browser asks for at the site's root (favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Uploads: refuse bodies larger than this before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# HTTPS and cookies. SECURE_HTTPS defaults on in production; turn it off only behind
# a plain-HTTP test server.
SECURE_HTTPS = env_bool("SECURE_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000")) if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SECURE_HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, refusing cookies that cannot be a key (newsroom/sessions.py).
SESSION_ENGINE = "newsroom.sessions"

# Content-Security-Policy: no inline script anywhere; video players come from the
# providers the Video model knows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "media-src": ["'self'", "https:"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# django-markdownx: one renderer for the page and the live preview; its endpoints are
# routed under /admin/ behind staff permission (see articles/editorial/markdownx_views.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.editorial.editor_preview.editor_preview"
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
# Editor uploads are judged by content and re-encoded by articles.media.uploads; stills are
# shrunk to fit this box.
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}

# Newsroom's own settings: each NEWSROOM_* name and its default is in articles/conf.py;
# here only what a deployment sets from the environment.
if "NEWSROOM_SITE_NAME" in os.environ:
    NEWSROOM_SITE_NAME = env("NEWSROOM_SITE_NAME")
if "NEWSROOM_SITE_URL" in os.environ:
    NEWSROOM_SITE_URL = env("NEWSROOM_SITE_URL")
if "NEWSROOM_UNSUPPORTED_BROWSERS" in os.environ:
    NEWSROOM_UNSUPPORTED_BROWSERS = env_list("NEWSROOM_UNSUPPORTED_BROWSERS", [])
if "NEWSROOM_WIRE_FOLDERS" in os.environ:
    NEWSROOM_WIRE_FOLDERS = env_list("NEWSROOM_WIRE_FOLDERS", [])
if "NEWSROOM_WIRE_INTERNAL_HOSTS" in os.environ:
    NEWSROOM_WIRE_INTERNAL_HOSTS = env_list("NEWSROOM_WIRE_INTERNAL_HOSTS", [])
# The page cache is on by default only with a shared cache: local memory is per process,
# so one worker's purge would not reach the pages another worker keeps.
NEWSROOM_PAGE_CACHE = env_bool("PAGE_CACHE", default=bool(CACHE_URL))
if "PAGE_CACHE_RETRY_SECONDS" in os.environ:
    NEWSROOM_PAGE_CACHE_RETRY_SECONDS = int(env("PAGE_CACHE_RETRY_SECONDS"))
if "PAGE_CACHE_SECONDS" in os.environ:
    NEWSROOM_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS"))
# Varnish in front of the site: a save purges its keys there too, after the page cache.
NEWSROOM_VARNISH_PURGE_URLS = env_list("VARNISH_PURGE_URLS")
if "READER_STATEMENT_TIMEOUT" in os.environ:
    NEWSROOM_READER_STATEMENT_TIMEOUT = float(env("READER_STATEMENT_TIMEOUT"))
if "PREPARED_STATEMENTS" in os.environ:
    NEWSROOM_PREPARED_STATEMENTS = env_bool("PREPARED_STATEMENTS")

# LOG_FORMAT=json writes one JSON object per line, for log collectors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
if env("LOG_FORMAT", "text") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"

# Browser features: none that a news page needs, except what the video players use.
VIDEO_PLAYER_ORIGINS = ["self", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": VIDEO_PLAYER_ORIGINS,
    "fullscreen": VIDEO_PLAYER_ORIGINS,
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": VIDEO_PLAYER_ORIGINS,
    "usb": [],
}

# Admin sign-in: django-axes locks a username at an address after AXES_FAILURE_LIMIT failed
# attempts, and an address after NEWSROOM_ADDRESS_FAILURE_LIMIT failures on any accounts,
# for AXES_COOLOFF_TIME hours (articles/editorial/signin.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_HANDLER = "articles.editorial.signin.PairAndAddressHandler"
AXES_USERNAME_CALLABLE = "articles.editorial.signin.client_username"
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
if "AXES_ADDRESS_FAILURE_LIMIT" in os.environ:
    NEWSROOM_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
