"""Admin sign-in is rate-limited per account at an address and per address; weak passwords
are refused."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.helpers import make_user

LOGIN = "/admin/login/"
PASSWORD = "pw-Newsroom-123"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.NEWSROOM_ADDRESS_FAILURE_LIMIT = 10


def sign_in(client, username, password, address, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_an_account_is_locked_at_the_address_that_guesses_it(client, axes_on):
    """Three wrong passwords for one account from one address lock that account there:
    the right password is then refused from that address too."""
    make_user("editor", superuser=True, password=PASSWORD)
    statuses = [sign_in(client, "editor", "wrong", "198.51.100.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the third failure reaches the limit
    locked = sign_in(client, "editor", PASSWORD, "198.51.100.1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_nobody_can_lock_out_a_known_username_from_elsewhere(client, axes_on):
    """An attacker who knows an editor's username fails on purpose from their own address:
    the editor still signs in from theirs."""
    make_user("editor", superuser=True, password=PASSWORD)
    for _ in range(5):
        sign_in(client, "editor", "wrong", "198.51.100.1")
    assert signed_in(sign_in(client, "editor", PASSWORD, "203.0.113.9"))


@pytest.mark.django_db
def test_one_visitor_behind_a_shared_address_cannot_lock_out_the_newsroom(client, axes_on):
    """Behind an office NAT everyone shares one address: a visitor failing on several
    accounts (below the address's own limit) locks out none of their colleagues."""
    make_user("editor", superuser=True, password=PASSWORD)
    for n in range(9):
        sign_in(client, f"guess{n % 3}", "wrong", "192.0.2.66")
    assert signed_in(sign_in(client, "editor", PASSWORD, "192.0.2.66"))


@pytest.mark.django_db
def test_an_address_is_locked_after_its_own_higher_limit(client, axes_on):
    """Guessing across many accounts from one address locks that address at its limit
    (ten failures here), not the accounts elsewhere."""
    make_user("editor", superuser=True, password=PASSWORD)
    statuses = [sign_in(client, f"guess{n}", "wrong", "192.0.2.66").status_code for n in range(10)]
    assert statuses == [200] * 9 + [429]
    assert sign_in(client, "editor", PASSWORD, "192.0.2.66").status_code == 429
    assert signed_in(sign_in(client, "editor", PASSWORD, "192.0.2.77"))


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_address_is_counted(client, axes_on, settings):
    """With AXES_PROXY_COUNT set, the client's address comes from X-Forwarded-For: two
    readers behind the same proxy are counted apart."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    make_user("editor", superuser=True, password=PASSWORD)
    proxy = "10.0.0.2"
    for _ in range(3):
        sign_in(client, "editor", "wrong", proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.2")
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.0.2"}
    assert signed_in(sign_in(client, "editor", PASSWORD, proxy, **forwarded))
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 10.0.0.2"}
    assert sign_in(client, "editor", PASSWORD, proxy, **attacker).status_code == 429


@pytest.mark.django_db
def test_an_over_long_username_is_a_failed_sign_in_counted_under_its_start(client, axes_on):
    """The form does not limit the name's length; the failure is still counted, under as
    much of the name as the attempts table holds, and answered as any wrong password."""
    typed = "editor" + "x" * 5000
    statuses = [sign_in(client, typed, "wrong", "198.51.100.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    attempt = AccessAttempt.objects.get()
    limit = AccessAttempt._meta.get_field("username").max_length
    assert attempt.username == typed[:limit] and attempt.failures_since_start == 3


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
