"""
Accounts, groups and sign-in records in the admin, on the site's guarded base.

django.contrib.auth and django-axes register their models with their own admins; each is
registered here again as the same admin built on ``GuardedModelAdmin``, so their change
lists and forms get the guards every Newsroom admin has.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.admin_site import GuardedModelAdmin


class UserAdmin(GuardedModelAdmin, auth_admin.UserAdmin):
    pass


class GroupAdmin(GuardedModelAdmin, auth_admin.GroupAdmin):
    pass


class AccessAttemptAdmin(GuardedModelAdmin, axes_admin.AccessAttemptAdmin):
    pass


class AccessLogAdmin(GuardedModelAdmin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(GuardedModelAdmin, axes_admin.AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (get_user_model(), UserAdmin),
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
