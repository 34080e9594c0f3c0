"""
Every admin address, found by walking the URL resolver, requested by every role with a
GET and with a state-changing POST, as the production site (DEBUG off) answers them.

What each role may do comes from two places kept apart from the admin's code: the
permissions its group holds (Django's own ``has_perm``) and the editorial table below
for stories (a reporter sees their own drafts and live stories, edits only their own
drafts; the desk sees every story and changes none of its text). A role that may not
do something gets no page (403, 404, a redirect to sign in or to the admin's home) and
its POST changes nothing in the database; nobody ever gets a server error.
"""

import io
import re

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from PIL import Image as PILImage
from reversion.models import Version

from articles.models import Article
from tests.helpers import (
    add_attribution,
    credit,
    form_data,
    make_article,
    make_image,
    make_organization,
    make_person,
    make_section,
    make_tag,
    make_user,
    make_video,
    user_for,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "staff", "reporter", "desk", "editor", "superuser")
ADMIN_PREFIX = "admin/"
LOGIN = "/admin/login/"

# Stories each role may open (view) and change (POST a new headline): the editorial rules.
STORY_VIEW = {
    "staff": set(),
    "reporter": {"own", "live"},
    "desk": {"own", "theirs", "live"},
    "editor": {"own", "theirs", "live"},
    "superuser": {"own", "theirs", "live"},
}
STORY_CHANGE = {
    "staff": set(),
    "reporter": {"own"},
    "desk": set(),  # credits only; a posted headline is refused
    "editor": {"own", "theirs", "live"},
    "superuser": {"own", "theirs", "live"},
}
STORY_PREVIEW = {**STORY_VIEW, "reporter": {"own"}, "desk": set()}


def admin_patterns():
    """(route, name, pattern) for every URL pattern under /admin/, from the resolver."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            else:
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield prefix + str(pattern.pattern), name, pattern

    return [
        entry
        for entry in walk(get_resolver().url_patterns, "", None)
        if entry[0].startswith(ADMIN_PREFIX)
    ]


def model_of(route):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    try:
        return apps.get_model(match[1], match[2])
    except LookupError:
        return None


def png_upload():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "dot.png"
    return buffer


class Site:
    """One object of every registered model, three stories and a user per role.

    The "own" story is the reporter's draft, "theirs" another writer's draft, "live" a
    published story. The forms a superuser sees are read once and reused as the base of
    every role's POST.
    """

    def __init__(self):
        self.users = {role: user_for(role) if role != "staff" else make_user() for role in ROLES}
        reporter, other = self.users["reporter"], make_user()
        self.stories = {
            "own": make_article(status=Article.Status.DRAFT, created_by=reporter),
            "theirs": make_article(status=Article.Status.DRAFT, created_by=other),
            "live": make_article(),
        }
        credit(self.stories["own"], reporter)
        credit(self.stories["theirs"], other)
        for story in self.stories.values():
            add_attribution(story)
            for _ in range(2):
                with reversion.create_revision():
                    story.save()
        make_section(), make_tag(), make_person(), make_organization(), make_video()
        make_image()
        make_front_rows(self.stories["live"])
        self.superuser_client = Client()
        self.superuser_client.force_login(self.users["superuser"])
        self.forms = {}
        self.role, self.user = None, None

    def act_as(self, role):
        self.role, self.user = role, self.users[role]

    def form(self, url):
        if url not in self.forms:
            self.forms[url] = form_data(self.superuser_client.get(url))
        return dict(self.forms[url])

    def objects_of(self, model):
        """(label, object) pairs to visit for one model's object addresses."""
        if model is Article:
            return list(self.stories.items())
        obj = model._default_manager.order_by("pk").first()
        return [("one", obj)] if obj is not None else []


def make_front_rows(story):
    """A home front with a slot, a line-up placing ``story`` (with a revision), a banner."""
    from articles.models import BreakingNews, Front, LineUp, Placement, RelatedArticle, Slot

    front = Front.objects.create()
    slot = Slot.objects.create(front=front, title="Lead", size=1)
    with reversion.create_revision():
        lineup = LineUp.objects.create(front=front)
        Placement.objects.create(lineup=lineup, slot=slot, article=story)
    BreakingNews.objects.create(text="Breaking", article=story)
    RelatedArticle.objects.create(article=make_article(), related=story)


def fingerprint():
    """Every row of every model the admin manages (and the revisions kept); a sign-in's
    own bookkeeping (``last_login``) aside."""
    models = [*admin.site._registry, Version]
    return {
        model._meta.label: [
            {key: value for key, value in row.items() if key != "last_login"}
            for row in model._default_manager.order_by("pk").values()
        ]
        for model in models
    }


def requests_for(site, route, name, pattern):
    """(label, url, kind, model, object label) for each concrete address of a pattern."""
    model = model_of(route)
    if route.endswith("(?P<url>.*)$"):
        yield "catch-all", "/admin/no-such-page/", "other", None, None
        return
    if "app_label" in route:
        yield route, reverse(name, kwargs={"app_label": "articles"}), "other", None, None
        return
    if name == "admin:view_on_site":
        for model_class in admin.site._registry:
            if model_class._meta.proxy:
                continue  # a proxy's rows have their concrete model's address
            for label, obj in site.objects_of(model_class):
                if hasattr(obj, "get_absolute_url"):
                    content_type = ContentType.objects.get_for_model(obj)
                    url = reverse(name, args=[content_type.pk, obj.pk])
                    yield f"view on site {label}", url, "view_on_site", model_class, label
        return
    needs_object = "object_id" in route or "<id>" in route or pattern.pattern.regex.groups
    if not needs_object:
        suffix = re.sub(r"^admin/\w+/\w+/", "", route) if model else None
        kind = {"": "changelist", "add/": "add", "^recover/$": "publisher"}.get(suffix)
        url = reverse(name) if name else "/" + route
        yield route, url, kind if model else "other", model, None
        return
    for label, obj in site.objects_of(model):
        kept = reversion.is_registered(model)
        version = Version.objects.get_for_object(obj).first() if kept else None
        if name is None:  # the bare object address redirects to its change page
            url = "/" + route.replace("<path:object_id>", str(obj.pk))
            yield f"{route} {label}", url, "redirect", model, label
            continue
        if name.endswith(("_recover", "_revision")) and label not in ("one", "live"):
            continue  # restoring is slow to render and the same for every story: one will do
        if name.endswith("_recover"):
            if version is not None:
                yield (
                    f"{route} {label}",
                    reverse(name, args=[version.pk]),
                    "publisher",
                    model,
                    label,
                )
            continue
        if name.endswith("_revision"):
            if version is not None:
                args = [obj.pk, version.pk]
                yield f"{route} {label}", reverse(name, args=args), "publisher", model, label
            continue
        kwargs = {"id": obj.pk} if "<id>" in route else {"object_id": obj.pk}
        kind = name.rsplit("_", 1)[-1]
        url = reverse(name, kwargs=kwargs)
        if name.endswith("password_change"):
            kind = "password"
        if kind == "compare":
            versions = Version.objects.get_for_object(obj)
            url += f"?from={versions.last().pk}&to={versions.first().pk}"
        yield f"{route} {label}", url, kind, model, label


def may(user, action, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def expected(site, kind, model, label, method):
    """True: the role may; False: it must be refused; None: either is fine (no rule)."""
    role, user = site.role, site.user
    if kind == "login":
        return None
    if role == "anonymous":
        return False
    if kind in ("other", "redirect"):
        return None
    if kind in ("markdownify", "upload"):
        writer = may(user, "add", Article) or may(user, "change", Article)
        return writer if method == "POST" else False
    if model is Article and label is not None:
        if kind in ("change", "history", "compare", "view_on_site"):
            if kind == "change" and method == "POST":
                return label in STORY_CHANGE[role]
            return label in STORY_VIEW[role]
        if kind == "preview":
            return label in STORY_PREVIEW[role]
    if kind == "publisher":
        return user.has_perm("articles.publish_article")
    if kind == "password":
        return may(user, "change", model)
    if kind in ("changelist", "history", "change", "view_on_site"):
        if method == "POST" and kind == "change":
            return may(user, "change", model)
        if method == "POST" and kind == "changelist":
            return may(user, "delete", model)  # the POST deletes through the list's action
        return may(user, "view", model) or may(user, "change", model)
    if kind == "add":
        return may(user, "add", model)
    if kind == "delete":
        return may(user, "delete", model)
    return None


def post_data(site, kind, model, url, label):
    """A POST that would change something if the role were allowed to make it."""
    if kind == "changelist":
        obj = (
            dict(site.objects_of(model)).get("theirs")
            or (site.objects_of(model) or [(0, None)])[0][1]
        )
        return {
            "action": "delete_selected",
            "_selected_action": [obj.pk] if obj else [],
            "post": "yes",
            "index": 0,
        }
    if kind == "delete":
        return {"post": "yes"}
    if kind == "password":
        return {"password1": "An0ther-Secret-991", "password2": "An0ther-Secret-991"}
    if kind == "upload":
        return {"image": png_upload()}
    if kind == "markdownify":
        return {"content": "**Hello**"}
    if kind in ("change", "add"):
        data = site.form(url)
        text_fields = {
            field.name
            for field in model._meta.get_fields()
            if getattr(field, "max_length", None) and not field.is_relation
        }
        for key in sorted(data):
            if key in text_fields and key not in ("slug", "password", "username"):
                data[key] = f"Changed by an attacker {key}"[:40]
                break
        if model is Article:
            data["headline"] = "Changed by an attacker"
        return data
    return {"name": "Posted by an attacker"}


def is_refusal(response):
    if response.status_code in (400, 403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        # Sent to sign in, or to the admin's home for an object the role cannot see.
        return location.startswith(LOGIN) or location in ("/admin/", reverse("admin:index"))
    return False


def walk_as(site, role):
    """Every admin address, GET and POST, as ``role``: the problems found."""
    site.act_as(role)
    client = Client(raise_request_exception=False)
    if site.user is not None:
        client.force_login(site.user)
    problems = []
    # Every request's changes are rolled back, so the database starts each one like this.
    baseline = fingerprint()
    for route, name, pattern in admin_patterns():
        if name == "admin:logout":
            continue  # signing out is every role's right and would end the walk
        for label, url, kind, model, obj_label in requests_for(site, route, name, pattern):
            if name in ("markdownx_markdownify", "markdownx_upload"):
                kind = name.removeprefix("markdownx_")
            elif name == "admin:login":
                kind = "login"
            for method in ("GET", "POST"):
                allowed = expected(site, kind, model, obj_label, method)
                with transaction.atomic():
                    watched = method == "POST" and allowed is False
                    if method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, post_data(site, kind, model, url, obj_label))
                    after = fingerprint() if watched else None
                    transaction.set_rollback(True)
                if site.user is not None and method == "POST":
                    # A POST may rotate the session (a password change): sign in afresh.
                    client.force_login(site.user)
                where = f"{method} {url} ({label}) as {role}: {response.status_code}"
                problems.extend(judge(where, response, allowed, kind, model, baseline, after))
    return problems


def judge(where, response, allowed, kind, model, before, after):
    if response.status_code >= 500:
        return [f"{where}: server error"]
    if allowed is False:
        found = []
        # A list's action that the role may not run shows the list again.
        list_again = kind == "changelist" and response.status_code == 200
        if not is_refusal(response) and not list_again:
            found.append(f"{where}: should have been refused")
        if after is not None and before != after:
            changed = [label for label in before if before[label] != after[label]]
            found.append(f"{where}: changed {changed}")
        if where.endswith("anonymous: 302") and not response["Location"].startswith(LOGIN):
            found.append(f"{where}: not sent to sign in")
        return found
    if allowed and response.request["REQUEST_METHOD"] == "GET" and model is not None:
        wanted = 302 if kind == "view_on_site" else 200
        if response.status_code != wanted and model._meta.app_label == "articles":
            return [f"{where}: should have been answered"]
    return []


def test_every_admin_url_answers_each_role_as_its_permissions_say(settings):
    """GET and a state-changing POST on every admin address, for anonymous, staff without
    permissions, reporter, desk, editor and superuser: refused roles get no page and
    change nothing, allowed roles get their page, and nothing is a server error."""
    settings.DEBUG = False
    site = Site()
    assert len(admin_patterns()) >= 80
    problems = [problem for role in ROLES for problem in walk_as(site, role)]
    assert not problems, "\n".join(problems)
