from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Editor"
EDITOR_MODELS = ("article", "byline", "attribution", "section", "person", "organization", "video", "image")


def create_editor_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now so the
    # group can hold them on a fresh database.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", content_type__model__in=EDITOR_MODELS)
    )


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITOR).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
