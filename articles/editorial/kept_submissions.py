"""
A failed admin save keeps the text: what the form sent is kept for its author to send again.

Two things make an admin save fail after an editor has typed for an hour:

* the CSRF check: signing out and in again (in another tab, or after the session ended)
  gives the browser a new CSRF secret, and the open form still carries the old one;
* the session: it has ended, and the admin sends the editor to the sign-in page.

In both cases the submitted fields are kept on the server (never a password or any other
field whose name says it is secret, never a file) and the answer explains what happened.
After signing in again, ``/admin/kept/`` shows every field in a read-only text box to
copy, labelled as the form labels it and with the names of the chosen people, sections
and other objects rather than their ids (``kept_labels.py``), inside a form that sends
them once more with a fresh CSRF token.

Kept only when the browser says the post came from a page of this site (its ``Origin``
is the site's, or ``Sec-Fetch-Site: same-origin``): a forged cross-site post also fails the
CSRF check, and its fields must never be offered back to the victim as their own text.

Kept only for the user who opened the form, and shown to them alone, whoever is signed in
(or nobody) when it is sent. The form carries the CSRF token of the sign-in it was opened
under (Django gives each sign-in a new CSRF secret); each admin page a signed-in user is
shown records, in a signed cookie of that browser (``SIGN_INS_COOKIE``), which user holds
which secret, for the last few sign-ins. A refused form whose token names none of them has
no author anyone can vouch for: nothing is kept, and the answer says to copy the text from
the open form instead. A kept submission is a ``KeptSubmission`` row, one per user, so it
outlives the browser's session: another user signing in there never sees it, and its
author finds it after signing in again.
"""

import json
import re
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.core import signing
from django.middleware.csrf import (  # how Django itself reads a posted token
    CSRF_TOKEN_LENGTH,
    InvalidTokenFormat,
    _check_token_format,
    _unmask_cipher_token,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from articles.editorial.kept_labels import labelled_fields

KEPT_FOR = timedelta(days=1)
SECRET_NAMES = re.compile(r"password|passwd|secret|token|otp", re.IGNORECASE)
# Paths whose posts are never kept: sign-in and password forms hold nothing else.
NEVER_KEPT = re.compile(r"/(login|logout|password|password_change)/")
SIGN_INS_COOKIE = "newsroom_signins"
SIGN_INS_SALT = "articles.editorial.kept_submissions.sign_ins"
SIGN_INS_KEPT = 5


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


# Sign-ins: which user held which CSRF secret in this browser -------------------------------


def _digest(secret):
    return salted_hmac(SIGN_INS_SALT, secret).hexdigest()


def _sign_ins(request):
    """``[[user id, secret digest], ...]`` from the browser's signed cookie, oldest first."""
    try:
        found = json.loads(request.get_signed_cookie(SIGN_INS_COOKIE, salt=SIGN_INS_SALT))
    except (KeyError, signing.BadSignature, ValueError):
        return []
    if not isinstance(found, list):
        return []
    return [entry for entry in found if isinstance(entry, list) and len(entry) == 2]


def note_sign_in(request, response):
    """After an admin page shown to a signed-in user: remember that their user holds the
    browser's CSRF secret now, so a form of this page names its author if it is refused."""
    user = getattr(request, "user", None)
    secret = request.META.get("CSRF_COOKIE")
    if user is None or not user.is_authenticated or not secret:
        return
    entry = [user.pk, _digest(secret)]
    sign_ins = _sign_ins(request)
    if entry in sign_ins:
        return
    sign_ins = [*sign_ins, entry][-SIGN_INS_KEPT:]
    response.set_signed_cookie(
        SIGN_INS_COOKIE,
        json.dumps(sign_ins),
        salt=SIGN_INS_SALT,
        max_age=settings.SESSION_COOKIE_AGE + int(KEPT_FOR.total_seconds()),
        path=_admin_root() or "/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def form_author(request):
    """The id of the user who opened the form ``request`` sends, or None when no sign-in
    in this browser held the secret of the form's CSRF token."""
    token = request.POST.get("csrfmiddlewaretoken", "")
    try:
        _check_token_format(token)
    except InvalidTokenFormat:
        return None
    secret = _unmask_cipher_token(token) if len(token) == CSRF_TOKEN_LENGTH else token
    digest = _digest(secret)
    for user_pk, known in reversed(_sign_ins(request)):
        if known == digest:
            # Only an account that may still use the admin: not one removed or locked since.
            users = get_user_model().objects.filter(pk=user_pk, is_active=True, is_staff=True)
            return user_pk if users.exists() else None
    return None


# Keeping and showing ------------------------------------------------------------------------


def _kept():
    # Looked up when used: the admin site imports this module before the models are ready.
    return apps.get_model("articles", "KeptSubmission")


def keep(request):
    """
    Keep what ``request`` posted for the user who opened the form. "kept" when it was,
    "no author" when it was a form of this site but nobody can be named its author,
    None when it is not a form to keep (another site's, a sign-in, a script's request).
    """
    if not _is_admin_form_post(request) or not came_from_this_site(request):
        return None
    if "csrfmiddlewaretoken" not in request.POST:  # a script's request, not a form
        return None
    author = form_author(request)
    if author is None:
        return "no author"
    _kept().objects.update_or_create(
        user_id=author,
        defaults={
            "path": request.get_full_path(),
            "fields": kept_fields(request),
            "files": sorted(request.FILES),
            "kept_at": timezone.now(),
        },
    )
    return "kept"


def kept_for(request):
    """The submission kept for the signed-in user, or None."""
    if not request.user.is_authenticated:
        return None
    _kept().objects.filter(kept_at__lt=timezone.now() - KEPT_FOR).delete()
    return _kept().objects.filter(user=request.user).first()


def _sign_in_url(request):
    return f"{reverse('admin:login')}?{urlencode({REDIRECT_FIELD_NAME: reverse('admin:kept')})}"


def _context(request, kept, **extra):
    shown, bookkeeping = labelled_fields(request, kept.path, kept.fields) if kept else ([], [])
    return {
        **admin.site.each_context(request),
        "title": "Nothing was saved",
        "kept": kept,
        "shown_fields": shown,
        "bookkeeping": bookkeeping,
        "sign_in_url": _sign_in_url(request),
        **extra,
    }


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: explain, and on an admin form keep what was sent."""
    outcome = keep(request)
    user = request.user if hasattr(request, "user") else None
    signed_in = user is not None and user.is_active and user.is_staff
    shown = kept_for(request) if outcome == "kept" and signed_in else None
    context = {
        "admin_form": _is_admin_form_post(request),
        "kept_now": outcome == "kept",
        "no_author": outcome == "no author",
        "signed_in": signed_in,
    }
    return TemplateResponse(
        request,
        "admin/kept_submission.html",
        _context(request, shown, reason="csrf", **context),
        status=403,
    )


def keep_and_sign_in(request):
    """For an admin post whose session has ended: keep it, then ask for a sign-in; or say
    why nothing could be kept."""
    outcome = keep(request)
    if outcome == "kept":
        return redirect(_sign_in_url(request))
    if outcome == "no author":
        context = _context(request, None, reason="ended", no_author=True)
        return TemplateResponse(request, "admin/kept_submission.html", context, status=403)
    return None


def kept_submission(request):
    """``/admin/kept/``: the signed-in user's kept submission, to send again or discard."""
    kept = kept_for(request)
    if request.method == "POST" and "discard" in request.POST:
        _kept().objects.filter(user=request.user).delete()
        return redirect("admin:index")
    if kept is not None and not url_has_allowed_host_and_scheme(
        kept.path, allowed_hosts={request.get_host()}
    ):
        kept = None
    return TemplateResponse(
        request, "admin/kept_submission.html", _context(request, kept, reason="kept")
    )


def forget_after_success(request, response):
    """Once the kept text has been sent again and saved, it is kept no longer."""
    if (
        request.method == "POST"
        and request.POST.get("_kept_resent")
        and request.user.is_authenticated
        and response.status_code in (301, 302, 303)
    ):
        _kept().objects.filter(user=request.user, path=request.get_full_path()).delete()
