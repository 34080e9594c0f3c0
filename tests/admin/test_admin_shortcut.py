"""The admin's "View on site" shortcut reveals nothing the signed-in user may not see."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article, PreviewLink
from tests.helpers import login, make_article, make_user

pytestmark = pytest.mark.django_db


def shortcut_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def draft():
    return make_article(status=Article.Status.DRAFT, headline="Unannounced merger")


def test_a_share_link_has_no_address_a_generic_link_could_reveal(draft):
    """The share link's secret is not its ``get_absolute_url``."""
    link = PreviewLink.objects.create(article=draft)
    assert not hasattr(link, "get_absolute_url")
    assert link.token in link.share_path()


@pytest.mark.parametrize("role", ["no permissions", "reporter", "desk", "editor", "superuser"])
def test_the_shortcut_never_redirects_to_a_share_link(client, draft, role):
    """Whatever the account, the shortcut to a share link is a 404 that names no token."""
    if role == "no permissions":
        client.force_login(make_user())
    else:
        login(client, role)
    link = PreviewLink.objects.create(article=draft)
    response = client.get(shortcut_url(link))
    assert response.status_code == 404
    assert link.token not in response.content.decode()
    assert link.token not in response.get("Location", "")


def test_staff_without_permissions_cannot_find_an_unpublished_article_address(client, draft):
    """A staff account that may not view articles learns nothing of a draft's address."""
    client.force_login(make_user())
    response = client.get(shortcut_url(draft))
    assert response.status_code == 404
    assert draft.slug not in response.get("Location", "")


def test_the_shortcut_takes_an_editor_to_a_published_article(client):
    """Those who may see the article are redirected to its page."""
    article = make_article()
    login(client, "editor")
    response = client.get(shortcut_url(article))
    assert response.status_code == 302
    assert response["Location"].endswith(article.get_absolute_url())


@pytest.mark.parametrize("ids", [("x", "1"), ("99999999999999999999999", "1")])
def test_the_shortcut_answers_nonsense_with_a_404(client, ids):
    """Ids that are not numbers, or are out of range, are a 404 like any unknown object."""
    login(client, "superuser")
    response = client.get(f"/admin/r/{ids[0]}/{ids[1]}/")
    assert response.status_code == 404


def test_the_shortcut_answers_a_nul_id_with_a_400(client):
    """A NUL character anywhere in an admin address is a bad request, as on every admin page."""
    login(client, "superuser")
    assert client.get("/admin/r/1/\x00/").status_code == 400
