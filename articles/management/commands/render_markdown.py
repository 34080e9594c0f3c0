"""
``manage.py render_markdown``: store every Markdown text's HTML again with today's renderer.

Bodies, decks, bios and correction notes are rendered and sanitized once, when saved. Run
this after a change to the renderer or its sanitizer (a deploy that changes
``articles/markdown.py`` or upgrades Markdown or nh3); then every page is purged.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.delivery import keys
from articles.delivery.purge import purge_on_commit
from articles.models import Article, Correction, Person

BATCH = 500
# Each model, the Markdown it renders, and the stored HTML that comes of it.
STORED = (
    (Article, ("body", "dek"), ("body_html", "dek_html")),
    (Person, ("bio",), ("bio_html",)),
    (Correction, ("text",), ("text_html",)),
)


class Command(BaseCommand):
    help = "Render every stored Markdown text to sanitized HTML again, then purge every page."

    def handle(self, *args, **options):
        for model, sources, rendered in STORED:
            changed = 0
            rows = model.objects.only("pk", *sources, *rendered).order_by("pk")
            batch = []
            for row in rows.iterator(chunk_size=BATCH):
                before = [getattr(row, name) for name in rendered]
                row.render_markdown()
                if [getattr(row, name) for name in rendered] != before:
                    batch.append(row)
                if len(batch) == BATCH:
                    changed += self._save(model, batch, rendered)
            changed += self._save(model, batch, rendered)
            name = model._meta.verbose_name_plural
            self.stdout.write(f"{name}: {changed} rendered again")
        purge_on_commit({keys.SITE})

    @staticmethod
    def _save(model, batch, rendered):
        with transaction.atomic():
            model.objects.bulk_update(batch, rendered)
        count = len(batch)
        batch.clear()
        return count
