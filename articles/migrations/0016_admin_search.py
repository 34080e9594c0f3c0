import articles.reader.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The admin's article search on PostgreSQL (articles/admin/article_search.py): headline
# and dek words in a GIN index of the stored headline document, slugs and people's names
# as substrings in trigram indexes (the expressions are those of Django's icontains
# lookup). Other databases search without an index.

TRIGRAM_INDEXES = (
    ("article_slug_trgm_idx", "articles_article", "slug"),
    ("person_name_trgm_idx", "articles_person", "name"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_headline_document_idx ON articles_article "
            "USING gin (headline_document)"
        )
        for name, table, column in TRIGRAM_INDEXES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_headline_document_idx")
        for name, _table, _column in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_wire_ingest"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="article",
            name="headline_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.reader.search.HeadlineDocument(),
                help_text=(
                    "Headline, dek and slug as the admin's search reads them, kept by the database."
                ),
                output_field=articles.reader.search.SearchDocumentField(),
                serialize=False,
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
