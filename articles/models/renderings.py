"""
Story renderings kept in the database, so a reader's page costs one query.

Rendering a story (credits, corrections, metadata, structured data, pictures, the body)
takes six queries and most of a request's time. The result depends only on the rows the
page shows, so it is stored once per story with the *content generation* it was made in,
which every change to those rows moves on. A stored rendering is used only while its
generation is the current one, it was made by the same templates and code, and for the
same site address; otherwise the next reader's request renders the story again and
stores the new result.

What changes with the clock is never baked in: publication is checked by the query that
reads the rendering, and each video is stored with its rights window and its player and
slate, chosen for each request (``articles.rendering``).
"""

import json

from django.db import connections, models


class ContentGeneration(models.Model):
    """A change to what reader pages show; the newest row is the current generation.

    Rows are only ever added, so concurrent edits never wait on each other. A change adds
    one inside its transaction and one after it commits: a rendering made while the
    change was still invisible then carries an older generation, even when another edit
    committed first with a higher number.
    """

    changed_at = models.DateTimeField(auto_now_add=True)

    KEEP = 1000  # rows kept when old ones are cleared away

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"Generation {self.pk}"

    @classmethod
    def advance(cls):
        """Start a new generation: every rendering made before stops being used."""
        generation = cls.objects.create()
        if generation.pk % cls.KEEP == 0:
            # Now and then, clear away old rows and the renderings nobody read since.
            cls.objects.filter(pk__lte=generation.pk - cls.KEEP).delete()
            StoryRendering.objects.filter(generation__lte=generation.pk - cls.KEEP).delete()


LOOKUP_SQL = (
    "SELECT r.generation, r.code, r.origin, r.page, "
    "COALESCE((SELECT g.id FROM {generations} g ORDER BY g.id DESC LIMIT 1), 0) "
    "FROM {articles} a LEFT JOIN {renderings} r ON r.article_id = a.id "
    "WHERE a.id = %s AND a.status = %s AND a.published_at <= %s"
)


class StoryRenderingManager(models.Manager):
    def lookup(self, article_id, now):
        """The stored rendering of a story published at ``now``, in one short query.

        ``(generation, code, origin, page, current generation)``; the first four are None
        when nothing is stored; None when the story is not published at ``now``. Written
        in SQL because this is every reader's query and the ORM takes longer to compose it
        than the database to answer; the condition is ``Article.objects.published(now)``.
        """
        from articles.models import Article

        connection = connections[self.db]
        low, high = connection.ops.integer_field_range("BigAutoField")
        if not low <= article_id <= high:  # no such row, and the database would refuse it
            return None
        name = connection.ops.quote_name
        tables = {
            "generations": name(ContentGeneration._meta.db_table),
            "articles": name(Article._meta.db_table),
            "renderings": name(self.model._meta.db_table),
        }
        # Only the models' table names are formatted in; values are parameters.
        sql = LOOKUP_SQL.format(**tables)
        with connection.cursor() as cursor:
            cursor.execute(sql, [article_id, Article.Status.PUBLISHED, now])
            row = cursor.fetchone()
        if row is None:
            return None
        generation, code, origin, page, current = row
        if isinstance(page, str):  # JSON arrives as text from SQLite and Django's psycopg
            page = json.loads(page)
        return generation, code, origin, page, current


class StoryRendering(models.Model):
    """A published story's page, rendered and ready but for its videos' state."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="rendering"
    )
    generation = models.BigIntegerField(help_text="The content generation it was made in.")
    code = models.CharField(max_length=32, help_text="Digest of the templates and code.")
    origin = models.CharField(max_length=255, help_text="The site address in its links.")
    page = models.JSONField()
    rendered_at = models.DateTimeField()

    objects = StoryRenderingManager()

    class Meta:
        verbose_name = "stored story rendering"

    def __str__(self):
        return f"Rendering of article {self.article_id}"
