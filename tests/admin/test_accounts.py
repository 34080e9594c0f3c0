"""Admin sign-in is rate-limited per account and per address; weak passwords are refused."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.helpers import make_user

LOGIN = "/admin/login/"
PASSWORD = "pw-Newsroom-123"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, username, password, address):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_an_account_is_locked_after_repeated_failures_from_anywhere(client, axes_on):
    """Three wrong passwords, each from another address, lock the account: the right
    password is then refused too, from yet another address."""
    make_user("editor", superuser=True, password=PASSWORD)
    statuses = [
        sign_in(client, "editor", "wrong", f"198.51.100.{n}").status_code for n in (1, 2, 3)
    ]
    assert statuses == [200, 200, 429]  # the third failure reaches the limit
    locked = sign_in(client, "editor", PASSWORD, "203.0.113.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_address_is_locked_after_repeated_failures_on_any_account(client, axes_on):
    """Guessing across many accounts from one address locks that address, not the accounts."""
    make_user("editor", superuser=True, password=PASSWORD)
    for n in range(3):
        sign_in(client, f"guess{n}", "wrong", "192.0.2.66")
    assert sign_in(client, "editor", PASSWORD, "192.0.2.66").status_code == 429
    assert signed_in(sign_in(client, "editor", PASSWORD, "192.0.2.77"))


@pytest.mark.django_db
def test_failures_below_the_limit_do_not_lock(client, axes_on):
    """Two mistakes and then the right password signs in (and resets the count)."""
    make_user("editor", superuser=True, password=PASSWORD)
    for _ in range(2):
        sign_in(client, "editor", "wrong", "192.0.2.1")
    assert signed_in(sign_in(client, "editor", PASSWORD, "192.0.2.1"))


@pytest.mark.parametrize("weak", ["12345678", "password", "short", "editor-editor"])
@pytest.mark.django_db
def test_weak_passwords_are_refused(weak):
    """The password validators are on: common, numeric, short and name-like passwords fail."""
    user = make_user("editor-editor", password=None)
    with pytest.raises(ValidationError):
        validate_password(weak, user)
