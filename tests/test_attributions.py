"""Attribution rows: one target, held by the database itself, and a phrase."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Attribution
from tests.factories import add_attribution, make_article, make_organization, make_person

pytestmark = pytest.mark.django_db


def test_database_rejects_an_attribution_with_no_target():
    """Neither an organization nor a person: refused by the database, not only a form."""
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.create(article=article)


def test_database_rejects_an_attribution_with_both_targets():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.create(
            article=article, organization=make_organization(), person=make_person()
        )


def test_database_rejects_a_bulk_update_that_breaks_the_rule():
    """Even a queryset update, which skips model validation, cannot leave two targets."""
    row = add_attribution(make_article())
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.filter(pk=row.pk).update(person=make_person())


def test_database_rejects_an_attribution_without_any_phrase():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.create(article=article, organization=make_organization(), phrase="")


def test_form_validation_names_the_same_rules():
    article = make_article()
    with pytest.raises(ValidationError, match="exactly one"):
        Attribution(article=article).full_clean()
    with pytest.raises(ValidationError, match="Choose a phrase"):
        Attribution(
            article=article, organization=make_organization(), phrase="", custom_phrase="  "
        ).full_clean()


def test_one_organization_or_one_person_is_accepted():
    article = make_article()
    by_org = add_attribution(article, organization=make_organization(name="Reuters"))
    by_person = add_attribution(article, person=make_person(name="Jane Doe"), order=1)
    assert str(by_org) == "Reuters contributed to this report"
    assert str(by_person) == "Jane Doe contributed to this report"
