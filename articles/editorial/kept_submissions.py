"""
A failed admin save keeps the text: what the form sent is kept for its author to send again.

Two things make an admin save fail after an editor has typed for an hour:

* the CSRF check: signing out and in again (in another tab, or after the session ended)
  gives the browser a new CSRF secret, and the open form still carries the old one;
* the session: it has ended, and the admin sends the editor to the sign-in page.

In both cases the submitted fields are kept in the browser's session (never a password or
any other field whose name says it is secret, never a file) and the answer explains what
happened. After signing in again, ``/admin/kept/`` shows every field in a read-only text
box to copy, inside a form that sends them once more with a fresh CSRF token.

Kept only when the browser says the post came from a page of this site (its ``Origin``
is the site's, or ``Sec-Fetch-Site: same-origin``): a forged cross-site post also fails the
CSRF check, and its fields must never be offered back to the victim as their own text.
The kept text is shown only to the signed-in user it was kept for; a submission kept
while signed out belongs to whoever signs in next in that browser, as the form did.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

SESSION_KEY = "newsroom_kept_submission"
KEPT_FOR = timedelta(days=1)
SECRET_NAMES = re.compile(r"password|passwd|secret|token|otp", re.IGNORECASE)
# Paths whose posts are never kept: sign-in and password forms hold nothing else.
NEVER_KEPT = re.compile(r"/(login|logout|password|password_change)/")


def _admin_root():
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def _is_admin_form_post(request):
    root = _admin_root()
    return (
        request.method == "POST"
        and root is not None
        and request.path.startswith(root)
        and not NEVER_KEPT.search(request.path)
    )


def came_from_this_site(request):
    """Whether the browser says the post was made by one of this site's own pages."""
    if request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    try:
        ours = f"{request.scheme}://{request.get_host()}"
    except Exception:  # noqa: BLE001 - a host Django refuses is not this site
        return False
    return origin == ours or origin in settings.CSRF_TRUSTED_ORIGINS


def kept_fields(request):
    """The posted fields worth keeping, in their order: no CSRF token, no secret, none of
    the empty inline rows a page carries as templates (the admin ignores them)."""
    return [
        [name, values]
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        and not SECRET_NAMES.search(name)
        and "__prefix__" not in name
    ]


# Fields the form fills in itself: sent again, not shown.
BOOKKEEPING = re.compile(r"^_|^initial-|^version$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-id$")
INLINE_ROW = re.compile(r"^(\w+?)-(\d+)-(\w+)$")


def field_label(name, index):
    """``bylines-0-person`` as "bylines, row 1: person"."""
    row = INLINE_ROW.match(name)
    label = f"{row[1]}, row {int(row[2]) + 1}: {row[3]}" if row else name
    return label.replace("_", " ") + (f" ({index + 1})" if index else "")


def keep(request):
    """Keep what ``request`` posted in its session; True when it was kept."""
    if not _is_admin_form_post(request) or not came_from_this_site(request):
        return False
    user = getattr(request, "user", None)
    request.session[SESSION_KEY] = {
        "path": request.get_full_path(),
        "fields": kept_fields(request),
        "files": sorted(request.FILES),
        "kept_at": timezone.now().isoformat(),
        "user": user.pk if user is not None and user.is_authenticated else None,
    }
    return True


def kept_for(request):
    """The submission kept for the signed-in user, or None."""
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    kept_at = parse_datetime(kept.get("kept_at") or "")
    if kept_at is None or timezone.now() - kept_at > KEPT_FOR:
        del request.session[SESSION_KEY]
        return None
    if kept["user"] is None:
        # Kept while signed out: it belongs to whoever signs in next in this browser.
        kept["user"] = request.user.pk
        request.session.modified = True
    if kept["user"] != request.user.pk:
        return None
    return kept


def _sign_in_url(request):
    return f"{reverse('admin:login')}?{urlencode({REDIRECT_FIELD_NAME: reverse('admin:kept')})}"


def _context(request, kept, **extra):
    fields = kept["fields"] if kept else []
    return {
        **admin.site.each_context(request),
        "title": "Nothing was saved",
        "kept": kept,
        "kept_at": parse_datetime(kept["kept_at"]) if kept else None,
        "shown_fields": [
            (name, field_label(name, index), value)
            for name, values in fields
            if not BOOKKEEPING.search(name)
            for index, value in enumerate(values)
        ],
        "bookkeeping": [
            (name, value) for name, values in fields if BOOKKEEPING.search(name) for value in values
        ],
        "sign_in_url": _sign_in_url(request),
        **extra,
    }


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: explain, and on an admin form keep what was sent."""
    kept = keep(request)
    user = request.user if hasattr(request, "user") else None
    signed_in = user is not None and user.is_active and user.is_staff
    context = {
        "admin_form": _is_admin_form_post(request),
        "kept_now": kept,
        "signed_in": signed_in,
    }
    shown = kept_for(request) if kept and signed_in else None
    return TemplateResponse(
        request,
        "admin/kept_submission.html",
        _context(request, shown, reason="csrf", **context),
        status=403,
    )


def keep_and_sign_in(request):
    """For an admin post whose session has ended: keep it, then ask for a sign-in."""
    if keep(request):
        return redirect(_sign_in_url(request))
    return None


def kept_submission(request):
    """``/admin/kept/``: the signed-in user's kept submission, to send again or discard."""
    kept = kept_for(request)
    if request.method == "POST" and "discard" in request.POST:
        request.session.pop(SESSION_KEY, None)
        return redirect("admin:index")
    if kept is not None and not url_has_allowed_host_and_scheme(
        kept["path"], allowed_hosts={request.get_host()}
    ):
        kept = None
    return TemplateResponse(
        request, "admin/kept_submission.html", _context(request, kept, reason="kept")
    )


def forget_after_success(request, response):
    """Once the kept text has been sent again and saved, it is kept no longer."""
    kept = request.session.get(SESSION_KEY)
    if (
        kept
        and request.method == "POST"
        and request.POST.get("_kept_resent")
        and kept.get("path") == request.get_full_path()
        and response.status_code in (301, 302, 303)
    ):
        del request.session[SESSION_KEY]
