"""
One announcement for every change to what reader pages show.

Saving or deleting any of ``READER_CONTENT_MODELS``, or changing one of their
many-to-many relations, sends ``content_changed`` twice: at once, and again once the
transaction commits, because a page rendered between the two still saw the old rows. The
page cache and the stored story renderings listen to it.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

READER_CONTENT_MODELS = (
    "articles.Article",
    "articles.Byline",
    "articles.Attribution",
    "articles.Video",
    "articles.Person",
    "articles.Organization",
    "articles.Section",
    "articles.Image",
    "articles.Tag",
    "articles.Correction",
)

content_changed = Signal()


def announce():
    content_changed.send(sender=None)


def _saved_or_deleted(**kwargs):
    announce()
    transaction.on_commit(announce)


def _relation_changed(instance, action, model, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and (
        type(instance) in watched_models() or model in watched_models()
    ):
        _saved_or_deleted()


def watched_models():
    return {apps.get_model(label) for label in READER_CONTENT_MODELS}


def connect_signals():
    for model in watched_models():
        uid = f"changes:{model._meta.label}"
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}:delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="changes:m2m")
