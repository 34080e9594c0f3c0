"""The newsroom's roles: auth groups whose permissions the data migrations keep."""

EDITOR = "Editor"
REPORTER = "Reporter"
DESK = "Desk"
