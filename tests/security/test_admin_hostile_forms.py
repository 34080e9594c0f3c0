"""
Hostile values posted into every field of every admin form never cause a server error.

Each registered model's add and change forms are read as a superuser's browser would
submit them; then every field of the form (inline rows and their counts included) gets
one kind of hostile value at once, and Hypothesis mixes kinds and fields at random:
NUL characters, invalid UTF-8 escapes, 100,000 characters, nothing at all, a value of the
wrong type (a list, a file, a number too large for any column). The answer may be a form
error, a 400 or a refusal, never a 500.
"""

from urllib.parse import quote

import pytest
import reversion
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from tests.helpers import (
    add_attribution,
    add_byline,
    form_data,
    make_article,
    make_image,
    make_organization,
    make_person,
    make_section,
    make_tag,
    make_user,
    make_video,
)

pytestmark = pytest.mark.django_db

# Each kind: how a value is written into the urlencoded body (already escaped).
HOSTILE = {
    "nul": quote("a\x00b"),
    "invalid utf-8": "%FF%FE%C0%AF%ED%A0%80",
    "huge": "x" * 100_000,  # in every field at once the body nears the 5 MB limit
    "empty": "",
    "too large a number": "9" * 40,
    "negative": "-1",
    "lone surrogate": "%ED%A0%80",
    "markup": quote("<script>alert(1)</script>{{ x }}{% now %}"),
    "date nonsense": quote("2026-13-45 25:61:61"),
}
WRONG_TYPES = ("list", "file")


@pytest.fixture
def forms(client):
    """(url, fields as a browser posts them) for every admin add and change form."""
    superuser = make_user(superuser=True)
    client.force_login(superuser)
    story = make_article(status=Article.Status.DRAFT)
    add_byline(story, make_person())
    add_attribution(story, organization=make_organization())
    with reversion.create_revision():
        story.save()
    make_section(), make_tag(), make_video(), make_image()
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls = []
        if model_admin.has_add_permission(_request(superuser)):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = model._default_manager.order_by("pk").first()
        offered = {url.name for url in model_admin.get_urls()}
        if obj is not None and f"{opts.app_label}_{opts.model_name}_change" in offered:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found.append((url, form_data(response)))
    assert len(found) >= 15
    return found


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def encode(fields, hostile_keys, kind):
    """The urlencoded body: the form as submitted, ``hostile_keys`` replaced by ``kind``."""
    parts = []
    for key, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if key in hostile_keys and kind in HOSTILE:
            values = [None]
        for item in values:
            escaped = HOSTILE[kind] if item is None else quote(str(item))
            parts.append(f"{quote(key)}={escaped}")
        if key in hostile_keys and kind == "list":
            parts.append(f"{quote(key)}=1&{quote(key)}=2&{quote(key)}=")
    return "&".join(parts)


def post(client, url, fields, hostile_keys, kind):
    with transaction.atomic():
        if kind == "file":
            data = {
                key: (SimpleUploadedFile("x.bin", b"\x00\xff" * 100) if key in hostile_keys else v)
                for key, v in fields.items()
            }
            response = client.post(url, data)
        else:
            body = encode(fields, hostile_keys, kind)
            response = client.generic(
                "POST", url, body, content_type="application/x-www-form-urlencoded"
            )
        transaction.set_rollback(True)
    return response


# An inline's row count set to a huge number makes Django draw its cap of 1,000 rows: safe,
# but slow, so the counts get their hostile values from the random test below.
COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def test_every_field_of_every_admin_form_at_once_never_fails(forms):
    """Each kind of hostile value in every field of each form at once: no server error."""
    client = Client(raise_request_exception=False)
    client.force_login(make_user(superuser=True))
    failures = []
    for kind in (*HOSTILE, *WRONG_TYPES):
        for url, fields in forms:
            keys = {
                key for key in fields if key != "csrfmiddlewaretoken" and not key.endswith(COUNTS)
            }
            response = post(client, url, fields, keys, kind)
            if response.status_code >= 500:
                failures.append(f"{kind} in {url}: {response.status_code}")
    assert not failures, failures


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choice=st.data())
def test_hostile_values_in_random_fields_never_fail(forms, choice):
    """Random fields of a random form get random hostile kinds: no server error."""
    client = Client(raise_request_exception=False)
    client.force_login(make_user(superuser=True))
    url, fields = choice.draw(st.sampled_from(forms), label="form")
    keys = sorted(key for key in fields if key != "csrfmiddlewaretoken")
    hostile_keys = set(choice.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4)))
    kind = choice.draw(st.sampled_from([*HOSTILE, *WRONG_TYPES]), label="kind")
    response = post(client, url, fields, hostile_keys, kind)
    assert response.status_code < 500, (url, sorted(hostile_keys), kind)
