from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors tag stories and link people to their staff accounts; reporters see the tags.
GRANTS = {
    "Editor": [
        *(("articles", f"{action}_tag") for action in ("add", "change", "delete", "view")),
        ("auth", "view_user"),
    ],
    "Reporter": [("articles", "view_tag")],
    "Desk": [("articles", "view_tag")],
}


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [
        permission
        for app_label, codename in pairs
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for label in ("auth", "articles"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # the migration state's stub lacks it
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, pairs in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, pairs))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, pairs in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, pairs))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_renditions_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
