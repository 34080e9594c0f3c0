"""
Admin sign-in lock-out: django-axes, counting an account at an address and an address.

Axes counts failures per (username, address) pair (``AXES_LOCKOUT_PARAMETERS``) up to
``AXES_FAILURE_LIMIT``: someone guessing one account is stopped, and nobody can lock an
editor out from somewhere else by typing their name. This handler adds a higher, separate
limit per address, ``NEWSROOM_ADDRESS_FAILURE_LIMIT`` failures on any accounts, which
stops one address guessing across the newsroom without letting one visitor behind an
office's NAT or a proxy lock out everyone who shares that address.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

from articles.conf import setting


def address_failure_limit() -> int:
    return setting("NEWSROOM_ADDRESS_FAILURE_LIMIT")


def client_username(request, credentials=None):
    """``AXES_USERNAME_CALLABLE``: the username an attempt is counted under, as typed but
    cut to what axes's table holds. The sign-in form does not limit its length, and a
    longer name failed the failure's insert on PostgreSQL (no account's name is longer)."""
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    limit = AccessAttempt._meta.get_field("username").max_length
    return username[:limit] if isinstance(username, str) else username


class PairAndAddressHandler(AxesDatabaseHandler):
    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
        return total or 0

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return (
            settings.AXES_LOCK_OUT_AT_FAILURE
            and self.address_failures(request) >= address_failure_limit()
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False):
            # The failure that reaches the address's limit is answered like the pair's.
            if self.is_locked(request, credentials):
                request.axes_locked_out = True
                request.axes_credentials = credentials
