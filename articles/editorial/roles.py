"""The newsroom's roles: auth groups whose permissions the data migrations keep."""

EDITOR = "Editor"
REPORTER = "Reporter"
DESK = "Desk"


def has_role(user, name):
    return user.is_active and user.groups.filter(name=name).exists()
