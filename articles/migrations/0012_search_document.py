import articles.reader.search
from django.db import migrations, models

# PostgreSQL finds matches in the stored search document through this GIN index (it
# replaces the expression index of 0005, which every search had to recompute the
# document to use). Other databases search without an index.


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
        schema_editor.execute(
            "CREATE INDEX article_search_document_idx ON articles_article "
            "USING gin (search_document)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_document_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_lean_rendering"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.reader.search.SearchDocument(),
                help_text="Headline, dek and body as search reads them, kept by the database.",
                output_field=articles.reader.search.SearchDocumentField(),
                serialize=False,
            ),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
        # The listing indexes carry the id too, so that deep pages and counts of a
        # listing are read from the index alone.
        migrations.RemoveIndex(
            model_name="article",
            name="article_status_pub_idx",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_section_pub_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_pub_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_pub_idx"
            ),
        ),
    ]
