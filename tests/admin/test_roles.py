import pytest
from django.contrib.auth.models import Group

from articles.editorial import roles


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (roles.EDITOR, ["articles.delete_article", "articles.change_video"], []),
        (
            roles.REPORTER,
            ["articles.add_article", "articles.change_byline"],
            ["articles.delete_article", "articles.change_video", "articles.change_person"],
        ),
        (
            roles.DESK,
            ["articles.add_attribution", "articles.view_article"],
            ["articles.change_article", "articles.change_byline", "articles.add_article"],
        ),
    ],
)
def test_roles_exist_with_their_permissions(role, allowed, refused):
    """Each role's group is created by migration with the permissions the role needs."""
    from tests.helpers import make_user

    user = make_user(groups=[role])
    assert Group.objects.filter(name=role).exists()
    assert all(user.has_perm(perm) for perm in allowed)
    assert not any(user.has_perm(perm) for perm in refused)


@pytest.mark.django_db
def test_editors_tag_stories_and_link_people_to_accounts(client):
    """The tag autocomplete and the person-to-account autocomplete answer an editor."""
    from tests.helpers import make_tag, make_user

    make_tag(name="Arctic")
    make_user("alma-reporter")
    client.force_login(make_user(groups=[roles.EDITOR]))
    found = {}
    for model, field in (("article", "tags"), ("person", "user")):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": model, "field_name": field, "term": "a"},
        )
        assert response.status_code == 200
        found[field] = {row["text"] for row in response.json()["results"]}
    assert "Arctic" in found["tags"]
    assert "alma-reporter" in found["user"]
    tags = client.get("/admin/articles/tag/")
    assert tags.status_code == 200
    assert "Arctic" in tags.content.decode()
