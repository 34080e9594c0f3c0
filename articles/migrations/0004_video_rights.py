"""
Videos can be uploaded files (a third kind of source beside an address and a provider id).

Article.videos gets an explicit through model, ArticleVideo, whose video key is PROTECT:
a video that an article shows can no longer be deleted from under it.

Django cannot add ``through=`` to an existing many-to-many field, so the links are copied
into the new table, the old field is removed and the field is added again on the new table.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import articles.models.videos


def copy_links(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleVideo = apps.get_model("articles", "ArticleVideo")
    old_links = Article.videos.through.objects.using(schema_editor.connection.alias)
    ArticleVideo.objects.using(schema_editor.connection.alias).bulk_create(
        ArticleVideo(article_id=article_id, video_id=video_id)
        for article_id, video_id in old_links.values_list("article_id", "video_id")
    )


def copy_links_back(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleVideo = apps.get_model("articles", "ArticleVideo")
    links = ArticleVideo.objects.using(schema_editor.connection.alias)
    Article.videos.through.objects.using(schema_editor.connection.alias).bulk_create(
        Article.videos.through(article_id=article_id, video_id=video_id)
        for article_id, video_id in links.values_list("article_id", "video_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_credits"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleVideo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="video_links", to="articles.article")),
                ("video", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="article_links", to="articles.video")),
            ],
            options={
                "verbose_name": "article using the video",
                "verbose_name_plural": "articles using the video",
                "constraints": [models.UniqueConstraint(fields=("article", "video"), name="article_video_unique")],
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
        migrations.RemoveField(model_name="article", name="videos"),
        migrations.AddField(
            model_name="article",
            name="videos",
            field=models.ManyToManyField(blank=True, editable=False, help_text="Every video the story shows (lead and body), kept in sync on save.", related_name="articles", through="articles.ArticleVideo", to="articles.video"),
        ),
        migrations.RemoveConstraint(model_name="video", name="video_one_source"),
        migrations.AddField(
            model_name="video",
            name="file",
            field=models.FileField(blank=True, help_text="An MP4 or WebM file to upload, at most 500 MB. Empty for an address or a provider video.", upload_to=articles.models.videos.video_upload_to, validators=[articles.models.videos.validate_video_file]),
        ),
        migrations.AlterField(
            model_name="video",
            name="source_url",
            field=models.URLField(blank=True, help_text="An https address of an MP4 or WebM file hosted elsewhere. Empty for an uploaded file or a provider video.", validators=[django.core.validators.URLValidator(schemes=["https"])]),
        ),
        migrations.AddConstraint(
            model_name="video",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(("source_url", ""), _negated=True), ("file", ""), ("provider", ""), ("provider_id", "")), models.Q(("source_url", ""), models.Q(("file", ""), _negated=True), ("provider", ""), ("provider_id", "")), models.Q(("source_url", ""), ("file", ""), models.Q(("provider", ""), _negated=True), models.Q(("provider_id", ""), _negated=True)), _connector="OR"), name="video_one_source"),
        ),
    ]
