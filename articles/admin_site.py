"""
The admin site, with one guard Django's change lists lack.

A date lookup in a change list's address (``?created_at__year=0``, ``=9999`` with a
date hierarchy, or a 20-digit year) raises OverflowError or ValueError outside the
guard Django keeps for bad lookups, while the bounds are built or when the count query
is compiled: a server error from a typed address. Every change list here, Newsroom's
and the contrib and third-party apps' alike, treats them as the bad lookup they are
and shows the list again.
"""

import functools

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters


class BoundedLookups:
    """For a ChangeList: a lookup value the database cannot take is a bad parameter."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc


@functools.cache
def bounded(changelist_class):
    """The admin's own change list class (stock or custom) with bounded lookups."""
    return type(f"Bounded{changelist_class.__name__}", (BoundedLookups, changelist_class), {})


class BoundedChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return bounded(super().get_changelist(request, **kwargs))


class NewsroomAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, BoundedChangeListMixin):
            admin_class = type(
                admin_class.__name__,
                (BoundedChangeListMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class NewsroomAdminConfig(AdminConfig):
    default_site = "articles.admin_site.NewsroomAdminSite"
