"""An attribution row that credits no one is a form error next to that row; nothing is lost."""

import pytest
from django.test import Client

from articles.editorial import roles
from articles.models import Attribution
from tests.helpers import (
    add_attribution,
    add_byline,
    admin_url,
    form_data,
    make_article,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = make_article(body="The body.")
    add_byline(article)
    add_attribution(article, organization=make_organization(name="Reuters"))
    add_attribution(article, organization=make_organization(name="AP"), order=1)
    return article


@pytest.mark.parametrize("role", [roles.EDITOR, roles.DESK])
def test_clearing_an_attributions_credit_is_a_form_error_on_that_row(story, role):
    """The second row loses its organization: the form comes back with the error on that
    row, the other input kept, and nothing saved."""
    client = Client()
    client.force_login(make_user(groups=[role]))
    url = admin_url("change", story.pk)
    data = form_data(client.get(url))
    row = next(i for i in range(2) if data[f"attributions-{i}-order"] == "1")
    data[f"attributions-{row}-organization"] = ""
    data[f"attributions-{row}-custom_phrase"] = "kept in the form"
    response = client.post(url, data)
    assert response.status_code == 200
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "attributions"
    )
    errors = formset.formset.errors
    assert errors[row], errors
    assert "Credit exactly one organization or one person" in str(errors[row])
    assert not errors[1 - row]
    assert form_data(response)[f"attributions-{row}-custom_phrase"] == "kept in the form"
    assert sorted(a.credited_name for a in Attribution.objects.filter(article=story)) == [
        "AP",
        "Reuters",
    ]


def test_an_attribution_crediting_no_one_still_has_a_name():
    """An unsaved row with no credit prints as blank rather than failing."""
    assert str(Attribution(phrase=Attribution.Phrase.CONTRIBUTED)).strip() == (
        "contributed to this report"
    )
