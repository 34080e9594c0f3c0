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

import re

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied

from articles.editorial import rules
from articles.models import Attribution

# What a rendered change form posts besides its fields.
FORM_BOOKKEEPING = {"csrfmiddlewaretoken", "_save", "_continue"}
# Inputs of the story's form that guard a save rather than change the story.
DESK_FORM_FIELDS = ("version",)
MANAGEMENT_FIELDS = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def _perm(opts, action):
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


class DeskCreditsMixin:
    """For a ModelAdmin of articles: lets desk users edit the credit inline and nothing else."""

    desk_model = Attribution

    def is_desk_user(self, request):
        user = request.user
        credit_opts = self.desk_model._meta
        return (
            user.is_active
            and user.is_staff
            and not user.has_perm(_perm(self.opts, "change"))
            and any(
                user.has_perm(_perm(credit_opts, action)) for action in ("add", "change", "delete")
            )
        )

    def desk_editing(self, request):
        """True only inside a desk user's change form: list pages and actions stay view-only."""
        return getattr(request, "desk_editing", False)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and self.is_desk_user(request):
            request.desk_editing = True
            if request.method == "POST":
                obj = self.get_object(request, unquote(object_id))
                if obj is not None and self.desk_refused_keys(request, obj):
                    raise PermissionDenied("Desk staff may change only a story's credits.")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def desk_refused_keys(self, request, obj):
        """The posted names a desk user's form cannot have rendered."""
        patterns = []
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = re.escape(formset_class.get_default_prefix())
            if self._inline_is_editable(request, inline, obj):
                patterns.append(rf"{prefix}-.+")
            else:
                # A read-only inline still posts its bookkeeping: counts, row ids, parent key.
                fk = re.escape(formset_class.fk.name)
                management = "|".join(MANAGEMENT_FIELDS)
                patterns.append(rf"{prefix}-(?:{management}|(?:\d+|__prefix__)-(?:id|{fk}))")
        allowed = re.compile("|".join(patterns)) if patterns else None
        return [
            key
            for key in request.POST
            if key not in FORM_BOOKKEEPING
            and key not in DESK_FORM_FIELDS
            and not (allowed and allowed.fullmatch(key))
        ]

    @staticmethod
    def _inline_is_editable(request, inline, obj):
        return (
            inline.has_add_permission(request, obj)
            or inline.has_change_permission(request, obj)
            or inline.has_delete_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.desk_editing(request):
            return True
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.desk_editing(request):
            return fieldsets
        # Show what can be displayed read-only, and the edit-conflict token.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if self._displayable(f)]})
            for name, options in fieldsets
        ]

    def _displayable(self, name):
        return isinstance(name, str) and (
            name in DESK_FORM_FIELDS or hasattr(self, name) or hasattr(self.model, name)
        )

    def get_readonly_fields(self, request, obj=None):
        if self.desk_editing(request):
            shown = flatten_fieldsets(self.get_fieldsets(request, obj))
            return [name for name in shown if name not in DESK_FORM_FIELDS]
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if self.desk_editing(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not self.desk_editing(request):
            return super().save_model(request, obj, form, change)
        # The form has no field of the story's own, so nothing of it changes: saving only
        # the last-save time moves the edit-conflict token and records the story, with
        # the credits saved next, as this save's revision.
        obj._seen_before = rules.reader_snapshot(obj.pk)
        obj.save(update_fields=["modified_at"])
        return None
