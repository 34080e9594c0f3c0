"""Newsroom's models, one module per concept (as wagtail/models/ does)."""

from .articles import Article, ArticleQuerySet, Attribution, Byline, Section
from .autosaves import Autosave
from .editorial import Correction, PreviewLink
from .images import Image
from .people import Organization, Person
from .renditions import Rendition
from .tags import Tag
from .videos import ArticleVideo, Video, VideoQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleVideo",
    "Attribution",
    "Autosave",
    "Byline",
    "Correction",
    "Image",
    "Organization",
    "Person",
    "PreviewLink",
    "Rendition",
    "Section",
    "Tag",
    "Video",
    "VideoQuerySet",
]
