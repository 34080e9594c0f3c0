"""Newsroom's models, one module per concept (as wagtail/models/ does)."""

from .articles import Article, ArticleQuerySet, Attribution, Byline, Section
from .editorial import Correction, PreviewLink
from .images import ArticleImage, Image, ImageQuerySet
from .people import Organization, Person
from .renditions import Rendition
from .tags import Tag
from .videos import ArticleVideo, Video, VideoQuerySet

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleVideo",
    "Attribution",
    "Byline",
    "Correction",
    "Image",
    "ImageQuerySet",
    "Organization",
    "Person",
    "PreviewLink",
    "Rendition",
    "Section",
    "Tag",
    "Video",
    "VideoQuerySet",
]
