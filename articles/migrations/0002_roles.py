from django.contrib.auth.management import create_permissions
from django.db import migrations

# The newsroom's roles as they stood when this migration was written. Later changes to a
# role's permissions come in new migrations, so every database ends up the same.
MODELS = ("article", "byline", "attribution", "section", "person", "organization", "video", "image")
ROLES = {
    # Everything on the newsroom's content.
    "Editor": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    # Drafts their own stories; the admin limits them to their own drafts and never publishes.
    "Reporter": [
        "add_article", "change_article", "view_article",
        "add_byline", "change_byline", "delete_byline", "view_byline",
        "add_attribution", "change_attribution", "delete_attribution", "view_attribution",
        "view_section", "view_person", "view_organization", "view_video",
        "add_image", "view_image",
    ],
    # Adds credits to any story; sees the rest without changing it.
    "Desk": [
        "view_article", "view_byline", "view_section", "view_person", "view_organization",
        "view_video", "view_image",
        "add_attribution", "change_attribution", "delete_attribution", "view_attribution",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now so the
    # groups can hold them on a fresh database.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
