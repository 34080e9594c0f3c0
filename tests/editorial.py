"""Helpers for the editorial workflow's tests: users by role and admin form round trips."""

from django.urls import reverse

from articles.editorial import roles
from articles.models import Person
from tests.admin_forms import form_data  # noqa: F401 (the workflow tests import it from here)
from tests.factories import add_byline, make_person, make_user

ROLES = ("anonymous", "reporter", "desk", "editor", "superuser")


def user_for(role):
    """A fresh user holding ``role`` (None for anonymous)."""
    if role == "anonymous":
        return None
    if role == "superuser":
        return make_user(superuser=True)
    return make_user(
        groups=[{"reporter": roles.REPORTER, "desk": roles.DESK}.get(role, roles.EDITOR)]
    )


def login(client, role):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    return user


def credit(article, user):
    """Make ``user`` one of the article's "By" reporters."""
    person = Person.objects.filter(user=user).first() or make_person(user=user)
    return add_byline(article, person)


def admin_url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def add_inline_row(data, prefix, **fields):
    """Append one new row to an inline formset in posted form data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
