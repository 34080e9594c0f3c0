"""Newsroom's models, one module per concept (as wagtail/models/ does)."""

from .articles import Article, ArticleQuerySet, Attribution, Byline, Section
from .autosaves import Autosave, KeptSubmission
from .editorial import Correction, PreviewLink
from .fronts import BreakingNews, Front, LineUp, Placement, Slot
from .images import ArticleImage, Image, ImageQuerySet
from .people import Organization, Person
from .related import RelatedArticle
from .renditions import Rendition
from .tags import Tag
from .videos import ArticleVideo, Video, VideoQuerySet
from .wire import IncomingArticle, WireEvent, WireItem, WireSource

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleVideo",
    "Attribution",
    "BreakingNews",
    "Autosave",
    "Byline",
    "Correction",
    "Front",
    "Image",
    "LineUp",
    "IncomingArticle",
    "KeptSubmission",
    "ImageQuerySet",
    "Organization",
    "Person",
    "Placement",
    "PreviewLink",
    "RelatedArticle",
    "Rendition",
    "Section",
    "Slot",
    "Tag",
    "Video",
    "VideoQuerySet",
    "WireEvent",
    "WireItem",
    "WireSource",
]
