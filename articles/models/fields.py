"""Fields that several models declare alike."""

from django.conf import settings
from django.db import models


def created_by_field():
    """The account that made a row: set by the admin, not editable, kept empty once the
    account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
