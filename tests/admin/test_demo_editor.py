"""`make run`'s demo editor: an Editor account whose printed password signs in to the admin."""

import io
import re

import pytest
from django.core.management import call_command

from articles.editorial import roles

pytestmark = pytest.mark.django_db

PRINTED = re.compile(r"Demo editor: username '([^']+)', password '([^']+)'")


def create_demo_editor(*args):
    out = io.StringIO()
    call_command("create_demo_editor", *args, stdout=out)
    return PRINTED.search(out.getvalue()).groups()


def test_the_printed_login_signs_in_to_the_admin_as_an_editor(client):
    username, password = create_demo_editor()
    assert username == "editor"
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    assert index.wsgi_request.user.groups.filter(name=roles.EDITOR).exists()
    assert client.get("/admin/articles/article/add/").status_code == 200


def test_running_it_again_resets_the_password(client):
    """A second `make run` prints a new password; the old one stops working."""
    _, first = create_demo_editor()
    username, second = create_demo_editor()
    assert first != second
    assert not client.login(username=username, password=first)
    assert client.login(username=username, password=second)
