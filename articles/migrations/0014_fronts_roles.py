from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors arrange fronts and set the breaking-news banner; reporters and the desk see them.
# Whoever changes an article's text also chooses its related stories.
FRONT_MODELS = ("front", "slot", "lineup", "placement", "breakingnews")
ACTIONS = ("add", "change", "delete", "view")
GRANTS = {
    "Editor": [
        ("articles", f"{action}_{model}")
        for model in (*FRONT_MODELS, "relatedarticle")
        for action in ACTIONS
    ],
    "Reporter": [
        *(("articles", f"view_{model}") for model in FRONT_MODELS),
        *(("articles", f"{action}_relatedarticle") for action in ACTIONS),
    ],
    "Desk": [("articles", f"view_{model}") for model in (*FRONT_MODELS, "relatedarticle")],
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
    app_config = apps.get_app_config("articles")
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
        ("articles", "0013_fronts"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
