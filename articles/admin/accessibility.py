"""
Accessible names for the admin inputs that Django's admin leaves without one.

Most admin inputs are named by their <label>. Three kinds are not: the date and time halves
of a date-time field (their "Date:" and "Time:" are plain text), the cells and delete boxes
of a tabular inline (named only by a column heading, which assistive technology does not
announce as the input's name) and the select2 boxes of autocomplete fields (named by the
chosen value alone). The classes here name the first two on the server; js/admin-names.js
names the third.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst

from articles.admin_site import ValidRelatedChoicesMixin


def name_inputs(formfield, label, *, unlabelled=False):
    """Set aria-label on a form field's inputs where no <label> names them."""
    widget = getattr(formfield.widget, "widget", formfield.widget)  # past the related-object links
    label = capfirst(label)
    if isinstance(widget, forms.SplitDateTimeWidget):
        date, time = widget.widgets
        date.attrs["aria-label"] = f"{label}: date"
        time.attrs["aria-label"] = f"{label}: time"
    elif unlabelled:
        widget.attrs["aria-label"] = label


class NamedInputsMixin:
    """For a ModelAdmin or an inline: every input it renders has an accessible name."""

    unlabelled_inputs = False  # True where the layout shows no <label> (tabular inlines)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            name_inputs(formfield, db_field.verbose_name, unlabelled=self.unlabelled_inputs)
        return formfield

    class Media:
        js = ("js/admin-names.js",)
        css = {"all": ("css/admin.css",)}


class NamedInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = capfirst(form.fields["DELETE"].label)


class NamedTabularInline(ValidRelatedChoicesMixin, NamedInputsMixin, admin.TabularInline):
    """A tabular inline whose cells are named for assistive technology."""

    unlabelled_inputs = True
    formset = NamedInlineFormSet
