"""Free text typed into the admin's addresses (searches, autocomplete, filters) never
causes a server error: a NUL character, which PostgreSQL cannot store or compare, is a 400."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.helpers import login, make_article

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


def autocomplete_cases():
    for model, model_admin in admin.site._registry.items():
        inlines = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        for source in inlines:
            for field_name in source.autocomplete_fields:
                yield source.model._meta.app_label, source.model._meta.model_name, field_name


def changelists():
    return [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), list(autocomplete_cases()))
def test_a_nul_in_an_autocomplete_term_is_a_bad_request(client, app_label, model_name, field_name):
    login(client, "superuser")
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": NUL, "app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("url", changelists())
@pytest.mark.parametrize("param", ["q", "o", "p", "status", "section__id__exact", NUL])
def test_a_nul_in_a_change_list_query_is_a_bad_request(client, url, param):
    login(client, "superuser")
    make_article()
    response = client.get(url, {param: NUL})
    assert response.status_code == 400


def test_an_autocomplete_term_without_nul_still_answers(client):
    login(client, "superuser")
    article = make_article()
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": article.section.name,
            "app_label": "articles",
            "model_name": "article",
            "field_name": "section",
        },
    )
    assert response.status_code == 200
    assert article.section.name in response.content.decode()
