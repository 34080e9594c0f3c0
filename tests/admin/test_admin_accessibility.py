"""The admin article form names every input for assistive technology."""

import re

import pytest

from articles.editorial import roles
from tests.helpers import add_attribution, add_byline, make_article, make_user


def tag(html, name):
    """The opening tag of the form control called ``name``."""
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{re.escape(name)}"[^>]*>', html)[0]


@pytest.fixture
def article_form(client):
    article = make_article()
    add_byline(article)
    add_attribution(article)
    client.force_login(make_user(groups=[roles.EDITOR]))
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_date_and_time_halves_are_named_after_their_field(article_form):
    assert 'aria-label="Published at: date"' in tag(article_form, "published_at_0")
    assert 'aria-label="Published at: time"' in tag(article_form, "published_at_1")


@pytest.mark.django_db
def test_tabular_inline_cells_and_delete_boxes_are_named(article_form):
    assert 'aria-label="Role"' in tag(article_form, "bylines-0-role")
    assert 'aria-label="Custom phrase"' in tag(article_form, "attributions-0-custom_phrase")
    assert 'aria-label="Delete"' in tag(article_form, "bylines-0-DELETE")


@pytest.mark.django_db
def test_labelled_fields_keep_their_label_alone(article_form):
    assert "aria-label" not in tag(article_form, "headline")
    assert 'for="id_headline"' in article_form


@pytest.mark.django_db
def test_the_form_loads_the_script_that_names_autocomplete_boxes(article_form):
    assert "js/admin-names.js" in article_form
    assert "css/admin.css" in article_form
