"""The newsroom's roles, as auth groups with their permissions (kept by data migrations)."""

EDITOR = "Editor"
REPORTER = "Reporter"
DESK = "Desk"

EDITOR_MODELS = (
    "article",
    "byline",
    "attribution",
    "section",
    "person",
    "organization",
    "video",
    "image",
)
