"""Who else is here: the article form lists the others who have it open, until they leave."""

import time

import pytest
import time_machine
from django.test import Client

from articles.models import Article
from tests.helpers import add_byline, admin_url, credit, make_article, make_user

pytestmark = pytest.mark.django_db


def signed_in(name, group="Editor"):
    client = Client()
    user = make_user(name, groups=[group])
    user.first_name, user.last_name = name.title(), "Reporter" if group == "Reporter" else "Ed"
    user.save()
    client.force_login(user)
    return client, user


@pytest.fixture
def story():
    article = make_article(status=Article.Status.DRAFT)
    add_byline(article)
    return article


def test_the_form_lists_who_else_has_it_open_and_they_expire(story):
    alma, _ = signed_in("alma")
    bea, _ = signed_in("bea")
    url = admin_url("change", story.pk)
    presence = admin_url("presence", story.pk)
    assert "Nobody else has this article open." in alma.get(url).content.decode()

    with time_machine.travel(time.time(), tick=False) as clock:
        page = bea.get(url).content.decode()
        assert "Also on this article now: Alma Ed." in page
        assert alma.post(presence).json() == {"others": ["Bea Ed"]}
        clock.shift(15)
        assert bea.post(presence).json() == {"others": ["Alma Ed"]}
        clock.shift(10)  # Alma's last report is 25 seconds old: gone
        assert bea.post(presence).json() == {"others": []}


def test_leaving_takes_one_off_the_list_at_once(story):
    alma, _ = signed_in("alma")
    bea, _ = signed_in("bea")
    presence = admin_url("presence", story.pk)
    alma.post(presence)
    assert bea.post(presence).json() == {"others": ["Alma Ed"]}
    alma.post(presence, {"leaving": "1"})
    assert bea.post(presence).json() == {"others": []}


def test_presence_only_for_those_who_may_open_the_story(story):
    """A reporter can neither report on nor learn who edits a story that is not theirs."""
    outsider, _ = signed_in("otto", "Reporter")
    presence = admin_url("presence", story.pk)
    assert outsider.post(presence).status_code in (403, 404)
    assert Client().post(presence).status_code == 302
    owner, user = signed_in("rita", "Reporter")
    credit(story, user)
    assert owner.post(presence).status_code == 200
    editor, _ = signed_in("alma")
    assert editor.get(admin_url("presence", story.pk)).status_code == 405
    assert editor.post(admin_url("presence", 999999)).status_code == 404
    assert editor.post("/admin/articles/article/x%00/presence/").status_code in (400, 404)
