import articles.models.articles
import articles.reader.search
from django.db import migrations, models

# On PostgreSQL the admin's article search reads one stored document per article:
# headline, dek, slug and the names in its bylines (articles/admin/article_search.py).
# Names live in other tables, so ``byline_names`` is kept by triggers, whatever writes the
# rows (the admin, a bulk insert, a wire ingest, SQL): a byline added, changed or removed,
# a person renamed, and any write of the article itself (which may carry a stale copy)
# recompute it. The byline triggers run once per statement, so a bulk insert of bylines
# updates each article once, and only an article whose names changed is written. Other
# databases search bylines with a join and leave the column empty: SQLite drops a table's
# triggers whenever a migration rebuilds the table.

NAMES_PG = """
CREATE FUNCTION articles_byline_names(article bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(string_agg(p.name, E'\\n' ORDER BY b.role, b."order", b.id), '')
    FROM articles_byline b JOIN articles_person p ON p.id = b.person_id
    WHERE b.article_id = article
$$;

CREATE FUNCTION articles_article_byline_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.byline_names := articles_byline_names(NEW.id);
    RETURN NEW;
END
$$;

CREATE TRIGGER article_byline_names BEFORE INSERT OR UPDATE ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_byline_names();

CREATE FUNCTION articles_bylines_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        UPDATE articles_article SET byline_names = ''
        WHERE id IN (SELECT article_id FROM changed_bylines)
        AND byline_names IS DISTINCT FROM articles_byline_names(id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE articles_article SET byline_names = ''
        WHERE id IN (SELECT article_id FROM former_bylines)
        AND byline_names IS DISTINCT FROM articles_byline_names(id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER byline_added AFTER INSERT ON articles_byline
REFERENCING NEW TABLE AS changed_bylines
FOR EACH STATEMENT EXECUTE FUNCTION articles_bylines_changed();

CREATE TRIGGER byline_changed AFTER UPDATE ON articles_byline
REFERENCING OLD TABLE AS former_bylines NEW TABLE AS changed_bylines
FOR EACH STATEMENT EXECUTE FUNCTION articles_bylines_changed();

CREATE TRIGGER byline_removed AFTER DELETE ON articles_byline
REFERENCING OLD TABLE AS former_bylines
FOR EACH STATEMENT EXECUTE FUNCTION articles_bylines_changed();

CREATE FUNCTION articles_person_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article SET byline_names = ''
    WHERE id IN (SELECT article_id FROM articles_byline WHERE person_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER person_renamed AFTER UPDATE OF name ON articles_person
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION articles_person_renamed();

UPDATE articles_article SET byline_names = ''
WHERE id IN (SELECT article_id FROM articles_byline);
"""

DROP_NAMES_PG = """
DROP TRIGGER IF EXISTS person_renamed ON articles_person;
DROP TRIGGER IF EXISTS byline_removed ON articles_byline;
DROP TRIGGER IF EXISTS byline_changed ON articles_byline;
DROP TRIGGER IF EXISTS byline_added ON articles_byline;
DROP TRIGGER IF EXISTS article_byline_names ON articles_article;
DROP FUNCTION IF EXISTS articles_person_renamed();
DROP FUNCTION IF EXISTS articles_bylines_changed();
DROP FUNCTION IF EXISTS articles_article_byline_names();
DROP FUNCTION IF EXISTS articles_byline_names(bigint);
"""

def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NAMES_PG)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NAMES_PG)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_admin_search_document_idx "
            "ON articles_article USING gin (admin_search_document)"
        )
        # The new column has no statistics until the table is analysed (autovacuum does
        # not count a rewrite as changes): without them the planner guesses every search.
        schema_editor.execute("ANALYZE articles_article")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_admin_search_document_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_rights_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="byline_names",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text=(
                    "The names in the article's bylines, one a line, kept by PostgreSQL for "
                    "the admin's search (empty on other databases)."
                ),
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RemoveField(model_name="article", name="headline_document"),
        migrations.AddField(
            model_name="article",
            name="admin_search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.models.articles.AdminSearchDocument(),
                help_text=(
                    "Headline, dek, slug and bylines' names as the admin's search reads "
                    "them, kept by the database."
                ),
                output_field=articles.reader.search.SearchDocumentField(),
                serialize=False,
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
