from django.db import migrations, models


def index_existing_renditions(apps, schema_editor):
    """List the renditions already made on their images, as articles/media/renditions.py does."""
    Image = apps.get_model("articles", "Image")
    for image in Image.objects.filter(renditions__isnull=False).distinct().iterator():
        made = image.renditions.filter(source=image.file.name).order_by("spec", "format")
        entries = [
            {
                "pk": rendition.pk,
                "spec": rendition.spec,
                "format": rendition.format,
                "file": rendition.file.name,
                "width": rendition.width,
                "height": rendition.height,
            }
            for rendition in made
        ]
        Image.objects.filter(pk=image.pk).update(
            rendition_index={"source": image.file.name, "renditions": entries}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_scale_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="rendition_index",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(index_existing_renditions, migrations.RunPython.noop),
    ]
