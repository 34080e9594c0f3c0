"""The Django admin, one module per concept; importing them registers the model admins."""

from articles.admin import accounts, articles, fronts, images, people, tags, videos, wire  # noqa: F401
