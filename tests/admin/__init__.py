"""The admin and the editorial workflow: roles, forms, desk, revisions, previews."""
