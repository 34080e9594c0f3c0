"""The article change list at newsroom size: what it shows and what it costs to count."""

import pytest
from django import forms
from django.contrib.admin import helpers
from django.db import connection
from django.urls import reverse

from articles.admin import pagination
from articles.admin.pagination import EstimatedCountPaginator
from articles.models import Article
from tests.helpers import make_article, make_section, make_user

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate comes from PostgreSQL's statistics"
)


def test_row_checkboxes_are_the_markup_of_django_s_checkbox_widget(client):
    article = make_article(headline='Rates rise <b>"again"</b> & more')
    client.force_login(make_user(superuser=True))
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    label = f"Select this object for an action - {article}"
    widget = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda v: False)
    expected = widget.render(helpers.ACTION_CHECKBOX_NAME, str(article.pk))
    assert expected in html
    assert "&lt;b&gt;&quot;again&quot;&lt;/b&gt; &amp; more" in expected


def test_selected_rows_still_reach_the_bulk_actions(client):
    story = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(superuser=True))
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [story.pk]},
    )
    assert response.status_code == 200
    assert "Are you sure" in response.content.decode()


def test_small_or_filtered_lists_are_counted_exactly():
    section = make_section()
    for _ in range(3):
        make_article(section=section)
    make_article()
    assert EstimatedCountPaginator(Article.objects.order_by("pk"), 2).count == 4
    filtered = Article.objects.filter(section=section).order_by("pk")
    assert EstimatedCountPaginator(filtered, 2).count == 3


@on_postgres
def test_a_long_unfiltered_list_is_counted_from_the_statistics(monkeypatch):
    for _ in range(12):
        make_article()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")  # the statistics now say 12 rows
    make_article()
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 10)
    assert EstimatedCountPaginator(Article.objects.order_by("pk"), 100).count == 12
    filtered = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk")
    assert EstimatedCountPaginator(filtered, 100).count == 13


def test_every_model_in_the_admin_has_the_guarded_base():
    """Newsroom's, Django's and django-axes' admins alike are built on GuardedModelAdmin,
    as classes written in the code, not made when they are registered."""
    from django.contrib import admin

    from articles.admin_site import GuardedModelAdmin

    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, GuardedModelAdmin), model
        assert type(model_admin).__module__.startswith("articles.admin"), model
