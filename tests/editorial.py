"""Helpers for the editorial workflow's tests: users by role and admin form round trips."""

from html.parser import HTMLParser

from django.urls import reverse

from articles import roles
from articles.models import Person
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


class _FormFields(HTMLParser):
    """The values a browser would submit from the admin's article form."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._select, self._textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "option":
            if self._select and "selected" in attrs:
                self.data[self._select] = attrs.get("value", "")
            return
        name = attrs.get("name")
        if not name or "__prefix__" in name:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
                return
            self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def form_data(response):
    """The article form's fields as the page was served, ready to change and post."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


def add_inline_row(data, prefix, **fields):
    """Append one new row to an inline formset in posted form data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
