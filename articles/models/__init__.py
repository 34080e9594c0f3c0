"""Newsroom's models, one module per concept (as wagtail/models/ does)."""

from .articles import Article, ArticleQuerySet, Attribution, Byline, Section
from .images import Image
from .people import Organization, Person
from .videos import Video, VideoQuerySet
from .workflow import Correction, PreviewLink

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Attribution",
    "Byline",
    "Correction",
    "Image",
    "Organization",
    "Person",
    "PreviewLink",
    "Section",
    "Video",
    "VideoQuerySet",
]
