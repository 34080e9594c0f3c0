from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# The admin's article search on PostgreSQL (articles/admin/article_search.py): headline
# and dek words in a GIN index, slugs and people's names as substrings in trigram indexes
# (the expressions are those of Django's icontains lookup). Other databases search
# without an index.

INDEXES = (
    ("article_slug_trgm_idx", "articles_article", "slug"),
    ("person_name_trgm_idx", "articles_person", "name"),
)


HEADLINE_AND_DEK = (
    "to_tsvector('english'::regconfig, COALESCE(headline, '') || ' ' || COALESCE(dek, ''))"
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_headline_dek_idx ON articles_article "
            f"USING gin ({HEADLINE_AND_DEK})"
        )
        for name, table, column in INDEXES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_headline_dek_idx")
        for name, _table, _column in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_search_document"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
