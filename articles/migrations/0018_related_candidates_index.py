"""The taggings by tag, then article: related stories read the newest sharing a tag from
the index alone."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_autosave")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX article_tags_by_tag ON articles_article_tags (tag_id, article_id)",
            "DROP INDEX article_tags_by_tag",
        )
    ]
