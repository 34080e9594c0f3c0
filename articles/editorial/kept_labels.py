"""
A kept submission as its author saw the form: field labels and the names of what was chosen.

The fields come back as the form posted them: ``bylines-0-person`` = ``17``. The admin
form behind the kept address, built for the user looking at it, says what each is: the
label ("Bylines, row 1: Person") and, for a choice, what the value stands for (the
person's name, the section's, "By" for a byline role). Names are looked up only through
the form field's own choices, for a model the user may view in the admin, so nothing is
named that the form would not have shown them. A field the form does not know is shown
by its posted name and value.
"""

import re
from urllib.parse import urlsplit

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

# Fields the form fills in itself: sent again, not shown.
BOOKKEEPING = re.compile(r"^_|^initial-|^version$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-id$")
INLINE_ROW = re.compile(r"^(.+)-(\d+)-(\w+)$")


def _admin_form(request, path):
    """``(model_admin, form fields, {inline prefix: (inline, formset)})`` of the admin add
    or change form at ``path`` as ``request.user`` may see it, or None."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None or not match.url_name:
        return None
    if match.url_name.endswith("_change"):
        obj = model_admin.get_object(request, unquote(match.kwargs.get("object_id", "")))
        if obj is None or not model_admin.has_change_permission(request, obj):
            return None
    elif match.url_name.endswith("_add"):
        obj = None
        if not model_admin.has_add_permission(request):
            return None
    else:
        return None
    form = model_admin.get_form(request, obj, change=obj is not None)
    inlines, seen = {}, {}
    # The prefixes as ModelAdmin._create_formsets names them.
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        seen[prefix] = seen.get(prefix, 0) + 1
        if seen[prefix] != 1 or not prefix:
            prefix = f"{prefix}-{seen[prefix]}"
        inlines[prefix] = (inline, formset)
    return model_admin, form.base_fields, inlines


def _viewable(request, model_admin, model):
    related_admin = model_admin.admin_site._registry.get(model)
    return related_admin is not None and related_admin.has_view_permission(request)


def _object_names(field, values):
    """``{posted value: name}`` of the objects ``values`` choose among ``field``'s."""
    model = field.queryset.model
    key = field.to_field_name or model._meta.pk.name
    key_field = model._meta.get_field(key)
    wanted = set()
    for value in values:
        try:
            wanted.add(key_field.to_python(value))
        except ValidationError:
            continue
    if not wanted:
        return {}
    found = field.queryset.filter(**{f"{key}__in": wanted})
    return {str(getattr(obj, key_field.attname)): field.label_from_instance(obj) for obj in found}


def _flat_choices(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flat_choices(label)
        else:
            yield str(value), str(label)


def shown_values(request, model_admin, field, values):
    """What each posted value of ``field`` stands for, in words."""
    if isinstance(field, forms.ModelChoiceField):
        if not _viewable(request, model_admin, field.queryset.model):
            return values
        names = _object_names(field, values)
        return [names.get(value, value) for value in values]
    if isinstance(field, forms.ChoiceField):
        choices = dict(_flat_choices(field.choices))
        return [choices.get(value, value) for value in values]
    if isinstance(field, forms.BooleanField):
        return ["Yes" if value not in ("", "0", "false", "False") else "No" for value in values]
    return values


def _plain_label(name):
    return name.replace("_", " ")


def labelled_fields(request, path, fields):
    """
    The kept ``[[name, [values]], ...]`` as ``(shown, bookkeeping)``: shown is
    ``[(name, label, value, words), ...]``, one per value, where ``words`` is what the
    value stands for when that differs from it (a name for an id), else None;
    bookkeeping is ``[(name, value), ...]`` for the fields the form fills in itself.
    """
    found = _admin_form(request, path)
    model_admin, form_fields, inlines = found if found else (None, {}, {})
    shown, bookkeeping = [], []
    for name, values in fields:
        label, field = _describe(name, form_fields, inlines)
        if label is None or BOOKKEEPING.search(name):
            bookkeeping.extend((name, value) for value in values)
            continue
        words = shown_values(request, model_admin, field, values) if field else values
        for index, (value, said) in enumerate(zip(values, words, strict=True)):
            numbered = f"{label} ({index + 1})" if len(values) > 1 else label
            shown.append((name, numbered, value, said if said != value else None))
    return shown, bookkeeping


def _describe(name, form_fields, inlines):
    """``(label, form field)`` of a posted name; the label is None for bookkeeping."""
    if name in form_fields:
        field = form_fields[name]
        return str(field.label or _plain_label(name)), field
    row = INLINE_ROW.match(name)
    if row is None:
        return _plain_label(name), None
    prefix, number, part = row[1], int(row[2]) + 1, row[3]
    if prefix not in inlines:
        return f"{_plain_label(prefix)}, row {number}: {_plain_label(part)}", None
    inline, formset = inlines[prefix]
    if formset.fk is not None and part == formset.fk.name:
        return None, None  # the row's link to the object the form edits
    group = str(inline.verbose_name_plural or prefix)
    if part == "DELETE":
        return f"{group[:1].upper()}{group[1:]}, row {number}: remove", forms.BooleanField()
    field = formset.form.base_fields.get(part)
    label = str(field.label) if field is not None and field.label else _plain_label(part)
    return f"{group[:1].upper()}{group[1:]}, row {number}: {label}", field
