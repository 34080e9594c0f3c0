"""
Every admin URL and action of the article workflow, for every role.

Rules are enforced by permission checks on each request, so each case posts or gets
the URL directly, as a hand-made request would, whatever the page's buttons show.
"""

import io

import pytest
import reversion
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from reversion.models import Version

from articles.models import Article
from tests.helpers import (
    ROLES,
    admin_url,
    credit,
    form_data,
    login,
    make_article,
    make_section,
    make_user,
)

LOGIN = "login"  # anonymous admin requests are sent to the login page


def editor_client():
    client = Client()
    client.force_login(make_user(superuser=True))
    return client


@pytest.fixture
def world(db, client, request):
    """The acting user's own draft, someone else's draft and a live story, all publishable."""
    role = request.param if hasattr(request, "param") else "anonymous"
    user = login(client, role)
    other = make_user()
    own = make_article(status=Article.Status.DRAFT, created_by=user)
    credit(own, user or other)
    theirs = make_article(status=Article.Status.DRAFT, created_by=other)
    credit(theirs, other)
    live = make_article()
    credit(live, other)
    for headline in ("First take", "Second take"):
        with reversion.create_revision():
            own.headline = headline
            own.save()
    return {"role": role, "user": user, "own": own, "theirs": theirs, "live": live}


def change_post(client, article, **changes):
    data = form_data(editor_client().get(admin_url("change", article.pk)))
    data.update(changes)
    return client.post(admin_url("change", article.pk), data)


def action(client, name, *articles):
    return client.post(
        admin_url("changelist"),
        {"action": name, "_selected_action": [a.pk for a in articles], "index": 0},
    )


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "dot.png"
    return buffer


def revision_url(article):
    version = Version.objects.get_for_object(article).last()  # the oldest
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


# Each case: (request, expected status per role). A set allows either status where the
# Desk role's own admin rules may answer differently; the state checks below still hold.
CASES = {
    "changelist": (
        lambda c, w: c.get(admin_url("changelist")),
        {"reporter": 200, "desk": 200, "editor": 200, "superuser": 200},
    ),
    "add page": (
        lambda c, w: c.get(admin_url("add")),
        {"reporter": 200, "desk": 403, "editor": 200, "superuser": 200},
    ),
    "change page of own draft": (
        lambda c, w: c.get(admin_url("change", w["own"].pk)),
        {"reporter": 200, "desk": 200, "editor": 200, "superuser": 200},
    ),
    "save own draft": (
        lambda c, w: change_post(c, w["own"], headline="Edited"),
        {"reporter": 302, "desk": {302, 403}, "editor": 302, "superuser": 302},
    ),
    "save someone else's draft": (
        # To a reporter, someone else's draft does not exist: the admin's redirect home.
        lambda c, w: change_post(c, w["theirs"], headline="Edited"),
        {"reporter": 302, "desk": {302, 403}, "editor": 302, "superuser": 302},
    ),
    "save a published story": (
        lambda c, w: change_post(c, w["live"], headline="Edited"),
        {"reporter": 403, "desk": {302, 403}, "editor": 302, "superuser": 302},
    ),
    "post status=published on own draft": (
        lambda c, w: change_post(c, w["own"], status="published"),
        {"reporter": 200, "desk": {200, 302, 403}, "editor": 302, "superuser": 302},
    ),
    "delete page": (
        lambda c, w: c.get(admin_url("delete", w["theirs"].pk)),
        {"reporter": 403, "desk": 403, "editor": 200, "superuser": 200},
    ),
    "delete": (
        lambda c, w: c.post(admin_url("delete", w["theirs"].pk), {"post": "yes"}),
        {"reporter": 403, "desk": 403, "editor": 302, "superuser": 302},
    ),
    "history": (
        lambda c, w: c.get(admin_url("history", w["own"].pk)),
        {"reporter": 200, "desk": 200, "editor": 200, "superuser": 200},
    ),
    "compare revisions": (
        lambda c, w: c.get(
            admin_url("compare", w["own"].pk),
            {
                "from": Version.objects.get_for_object(w["own"]).last().pk,
                "to": Version.objects.get_for_object(w["own"]).first().pk,
            },
        ),
        {"reporter": 200, "desk": 200, "editor": 200, "superuser": 200},
    ),
    "revision page": (
        lambda c, w: c.get(revision_url(w["own"])),
        {"reporter": 403, "desk": 403, "editor": 200, "superuser": 200},
    ),
    "restore revision": (
        lambda c, w: c.post(
            revision_url(w["own"]),
            form_data(editor_client().get(revision_url(w["own"]))),
        ),
        {"reporter": 403, "desk": 403, "editor": 302, "superuser": 302},
    ),
    "deleted articles list": (
        lambda c, w: c.get(admin_url("recoverlist")),
        {"reporter": 403, "desk": 403, "editor": 200, "superuser": 200},
    ),
    "bulk publish": (
        lambda c, w: action(c, "publish_selected", w["own"], w["theirs"]),
        # With no action of their own, the list simply shows again.
        {"reporter": 200, "desk": {200, 302}, "editor": 302, "superuser": 302},
    ),
    "bulk withdraw": (
        lambda c, w: action(c, "withdraw_selected", w["live"]),
        {"reporter": 200, "desk": {200, 302}, "editor": 302, "superuser": 302},
    ),
    "preview own draft": (
        lambda c, w: c.get(admin_url("preview", w["own"].pk)),
        {"reporter": 200, "desk": 403, "editor": 200, "superuser": 200},
    ),
    "preview someone else's draft": (
        lambda c, w: c.get(admin_url("preview", w["theirs"].pk)),
        {"reporter": 403, "desk": 403, "editor": 200, "superuser": 200},
    ),
}

# What each case must have changed (or not) for a role, checked after the request.
PUBLISHERS = {"editor", "superuser"}


def check_state(case, world):
    role = world["role"]
    own, theirs, live = (
        Article.objects.filter(pk=world[key].pk).first() for key in ("own", "theirs", "live")
    )
    if case == "save own draft":
        assert (own.headline == "Edited") == (role in {"reporter", *PUBLISHERS})
    elif case == "save someone else's draft":
        assert (theirs.headline == "Edited") == (role in PUBLISHERS)
    elif case == "save a published story":
        assert (live.headline == "Edited") == (role in PUBLISHERS)
    elif case == "post status=published on own draft":
        assert (own.status == Article.Status.PUBLISHED) == (role in PUBLISHERS)
    elif case == "delete":
        assert (theirs is None) == (role in PUBLISHERS)
    elif case == "restore revision":
        assert (own.headline == "First take") == (role in PUBLISHERS)
    elif case == "bulk publish":
        published = {a.status for a in (own, theirs)} == {Article.Status.PUBLISHED}
        assert published == (role in PUBLISHERS)
    elif case == "bulk withdraw":
        assert (live.status == Article.Status.WITHDRAWN) == (role in PUBLISHERS)


@pytest.mark.parametrize("world", ROLES, indirect=True)
@pytest.mark.parametrize("case", CASES)
def test_admin_url_answers_each_role(client, world, case):
    """Each admin URL and action gives each role the expected answer and nothing more."""
    make_request, expected = CASES[case]
    response = make_request(client, world)
    role = world["role"]
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        allowed = expected[role]
        allowed = allowed if isinstance(allowed, set) else {allowed}
        assert response.status_code in allowed
    check_state(case, world)


@pytest.mark.parametrize("world", ["reporter", "editor"], indirect=True)
def test_add_article_with_status_published(client, world):
    """A reporter posting a new story as published is refused; an editor's is published."""
    section = make_section()
    person = credit(world["live"], world["user"]).person
    data = {
        "headline": "Posted straight to published",
        "slug": "posted-straight",
        "body": "Text.",
        "section": section.pk,
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "byline_style": "top",
        "bylines-TOTAL_FORMS": 1,
        "bylines-INITIAL_FORMS": 0,
        "bylines-0-person": person.pk,
        "bylines-0-role": 10,
        "bylines-0-order": 0,
        **{
            f"{prefix}-{key}": 0
            for prefix in ("attributions", "corrections", "preview_links", "related_links")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(admin_url("add"), data)
    created = Article.objects.filter(slug="posted-straight").first()
    if world["role"] == "reporter":
        assert response.status_code == 200
        assert "status" in response.context["adminform"].form.errors
        assert created is None
        data["status"] = "draft"  # the same story as a draft is theirs to start
        assert client.post(admin_url("add"), data).status_code == 302
        created = Article.objects.get(slug="posted-straight")
        assert created.status == Article.Status.DRAFT
        assert created.created_by == world["user"]
        assert client.get(admin_url("change", created.pk)).context["has_change_permission"]
    else:
        assert response.status_code == 302
        assert created.status == Article.Status.PUBLISHED
        assert created.created_by == world["user"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ["markdownx_markdownify", "markdownx_upload"])
def test_markdownx_endpoints_answer_each_role(client, db, role, endpoint):
    """The editor's preview and upload endpoints refuse anyone who cannot write articles."""
    login(client, role)
    payload = {"content": "**bold**"} if endpoint == "markdownx_markdownify" else {"image": png()}
    response = client.post(
        reverse(endpoint), payload, headers={"x-requested-with": "XMLHttpRequest"}
    )
    if role == "anonymous":
        assert response.status_code == 403
    elif role != "desk":  # the Desk role's writing rights belong to its own admin rules
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "publishes"),
    [("reporter", False), ("desk", False), ("editor", True), ("superuser", True)],
)
def test_only_editors_hold_the_publish_permission(db, role, publishes):
    """The roles' migration gives the publish permission to editors alone."""
    from tests.helpers import user_for

    assert user_for(role).has_perm("articles.publish_article") == publishes
