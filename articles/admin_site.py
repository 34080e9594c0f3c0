"""
The admin site, with guards Django's admin lacks and a faster row checkbox.

A NUL character in an admin address (a search, an autocomplete term, a filter, an id)
is a 400: PostgreSQL cannot take one in a query, and no editor types one.

The "View on site" shortcut (``/admin/r/<content type>/<id>/``) redirects only to objects
the user may see in this admin: Django's own shortcut serves any object with an address
to any staff account, whatever its permissions.

A date lookup in a change list's address (``?created_at__year=0``, ``=9999`` with a
date hierarchy, or a 20-digit year) raises OverflowError or ValueError outside the
guard Django keeps for bad lookups, while the bounds are built or when the count query
is compiled: a server error from a typed address. Every change list here, Newsroom's
and the contrib and third-party apps' alike, treats them as the bad lookup they are
and shows the list again.

A related-object input that comes back with a value that could name no row (letters, a
NUL, a number larger than any id) is the form's "not one of the choices" error: Django's
autocomplete widget looks the posted value up as it is while drawing the form again, and
a many-to-many field's check hands SQLite a number it cannot take.

An admin post that arrives after the session ended is kept, for the user who opened its
form, before the sign-in page is shown, and offered again to that user at
``/admin/kept/`` (``articles/editorial/kept_submissions.py``); every admin page shown to a
signed-in user notes which user holds the browser's CSRF secret, which is how the form's
author is known.

Each change list row's action checkbox is written directly rather than through the form
widget's template: the same markup, at a small part of the cost, which is a third of a
100-row page's rendering time otherwise.
"""

import functools

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, ValidationError
from django.db import DataError
from django.http import Http404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.editorial import kept_submissions


class BoundedChangeList(ChangeList):
    """A change list where a lookup value the database cannot take is a bad parameter."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError, DataError) as exc:
            raise IncorrectLookupParameters(exc) from exc

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (OverflowError, ValueError, DataError) as exc:
            # DataError: a value the database refuses, such as a time zone offset past its
            # range (the query runs outside any transaction, so the connection stays usable).
            raise IncorrectLookupParameters(exc) from exc


class ValidChoicesOnly:
    """For an autocomplete widget: redraw only the posted values that could name a row."""

    def optgroups(self, name, value, attr=None):
        remote_opts = self.field.remote_field.model._meta
        target = remote_opts.get_field(
            getattr(self.field.remote_field, "field_name", remote_opts.pk.attname)
        )
        return super().optgroups(name, [v for v in value if _names_a_row(target, v)], attr)


def _names_a_row(field, value):
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


class ValidAutocompleteSelect(ValidChoicesOnly, AutocompleteSelect):
    pass


class ValidAutocompleteSelectMultiple(ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value:
            if not _names_a_row(key, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ValidRelatedChoicesMixin:
    """For a ModelAdmin or inline: its related-object inputs survive nonsense values."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GuardedModelAdmin(ValidRelatedChoicesMixin, admin.ModelAdmin):
    """The base of every ModelAdmin on this site: bounded lookups in its change list,
    related-object inputs that survive nonsense values, and a plain row checkbox.

    Newsroom's admins inherit it; ``articles.admin.accounts`` registers the contrib and
    third-party models again with admins built on it.
    """

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    def action_checkbox(self, obj):
        """The row's checkbox, as Django's CheckboxInput renders it, without its template."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


def has_nul(query):
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


class NewsroomAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @functools.wraps(guarded)
        def refuse_nul(request, *args, **kwargs):
            # In the query or in the path (an object's id): no database column takes it.
            if has_nul(request.GET) or "\x00" in request.path:
                raise BadRequest("A NUL character in the address.")
            if request.method == "POST" and not self.has_permission(request):
                # The session ended with a form open: keep what it sent before signing in.
                signing_in = kept_submissions.keep_and_sign_in(request)
                if signing_in is not None:
                    return signing_in
            response = guarded(request, *args, **kwargs)
            kept_submissions.forget_after_success(request, response)
            if getattr(response, "is_rendered", True):
                kept_submissions.note_sign_in(request, response)
            else:  # the page's CSRF token may be made as it is rendered
                response.add_post_render_callback(
                    functools.partial(kept_submissions.note_sign_in, request)
                )
            return response

        return refuse_nul

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        shortcut_url = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        kept_url = path("kept/", self.admin_view(kept_submissions.kept_submission), name="kept")
        return [shortcut_url, kept_url, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for an object of a model registered here that the user may
        view; anything else is a 404, so the answer tells nothing about what exists."""
        # Imported here: this module is loaded before the apps are ready.
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, OverflowError, ContentType.DoesNotExist) as exc:
            raise Http404 from exc
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)


class NewsroomAdminConfig(AdminConfig):
    default_site = "articles.admin_site.NewsroomAdminSite"
