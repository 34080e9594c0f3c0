"""
Desk staff credit stories they did not write.

A desk user may add, change or delete attributions but may not change articles. In the
article admin they open any story's change form, published ones included, and save its
attributions; every other part of the form stays read-only. Hiding inputs is not the
guard: a posted form that carries anything but attributions (a headline, a body, a
byline) is refused with 403 before any of it is read, and none of the article's own
fields is ever written on a desk user's behalf.

A desk save is still a save of the story: it carries the version the form was opened at
and is refused over a newer save (as an editor's is), it is kept as a revision, it moves
the story's last-save time so that an editor's older form is refused in turn, and it
moves the "Updated" time when readers see the new credit.
"""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)

from articles.editorial import rules
from articles.models import Attribution

# What a rendered change form posts besides its fields.
FORM_BOOKKEEPING = {"csrfmiddlewaretoken", "_save", "_continue"}
# Inputs of the story's form that guard a save rather than change the story.
DESK_FORM_FIELDS = ("version",)
# A formset's counts, posted as ``<prefix>-TOTAL_FORMS`` and so on.
MANAGEMENT_FIELDS = (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT)


def _perm(opts, action):
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def is_desk_user(request, opts):
    """May edit credits (attributions) but not the articles of ``opts``."""
    user = request.user
    credit_opts = Attribution._meta
    return (
        user.is_active
        and user.is_staff
        and not user.has_perm(_perm(opts, "change"))
        and any(user.has_perm(_perm(credit_opts, action)) for action in ("add", "change", "delete"))
    )


def editing(request):
    """True only inside a desk user's change form: list pages and actions stay view-only."""
    return getattr(request, "desk_editing", False)


def refuse_other_input(model_admin, request, object_id):
    """403 for a desk user's post that carries anything their form did not render."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is not None and refused_keys(model_admin, request, obj):
        raise PermissionDenied("Desk staff may change only a story's credits.")


def refused_keys(model_admin, request, obj):
    """The posted names a desk user's form cannot have rendered."""
    inlines = [
        (formset.get_default_prefix(), formset.fk.name, _inline_is_editable(request, inline, obj))
        for formset, inline in model_admin.get_formsets_with_inlines(request, obj)
    ]
    return [
        key
        for key in request.POST
        if key not in FORM_BOOKKEEPING
        and key not in DESK_FORM_FIELDS
        and not any(_inline_posts(key, *inline) for inline in inlines)
    ]


def _inline_posts(key, prefix, fk, editable):
    """Whether the inline's formset may post ``key``. Django names a formset's inputs
    ``<prefix>-<count>`` (its management form) and ``<prefix>-<row>-<field>``, the
    empty form's row being ``__prefix__``."""
    if not key.startswith(f"{prefix}-"):
        return False
    rest = key[len(prefix) + 1 :]
    if editable:
        return rest != ""
    # A read-only inline still posts its bookkeeping: counts, row ids, parent key.
    if rest in MANAGEMENT_FIELDS:
        return True
    row, _, field = rest.partition("-")
    return (row.isdecimal() or row == "__prefix__") and field in ("id", fk)


def _inline_is_editable(request, inline, obj):
    return (
        inline.has_add_permission(request, obj)
        or inline.has_change_permission(request, obj)
        or inline.has_delete_permission(request, obj)
    )


def shown_fieldsets(model_admin, fieldsets):
    """What of the form can be displayed read-only, and the edit-conflict token."""
    return [
        (
            name,
            {
                **options,
                "fields": [f for f in options["fields"] if _displayable(model_admin, f)],
            },
        )
        for name, options in fieldsets
    ]


def _displayable(model_admin, name):
    return isinstance(name, str) and (
        name in DESK_FORM_FIELDS or hasattr(model_admin, name) or hasattr(model_admin.model, name)
    )


def readonly_fields(fieldsets):
    """Every field shown, but the edit-conflict token."""
    return [name for name in flatten_fieldsets(fieldsets) if name not in DESK_FORM_FIELDS]


def save_credits_only(article):
    """A desk save of the story itself. The form has no field of the story's own, so
    nothing of it changes: saving only the last-save time moves the edit-conflict token
    and records the story, with the credits saved next, as this save's revision."""
    article._seen_before = rules.reader_snapshot(article.pk)
    article.save(update_fields=["modified_at"])
