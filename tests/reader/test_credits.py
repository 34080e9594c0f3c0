"""The joining rule for credit lines: names in a series, attribution sentences, byline lines."""

import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from hypothesis import given
from hypothesis import strategies as st

from articles import credits
from articles.models import Attribution, Byline, Person
from tests.helpers import add_attribution, make_article, make_organization, make_person


def attribution(name, phrase="contributed to this report", order=0, pk=None):
    return SimpleNamespace(credited_name=name, text_phrase=phrase, order=order, pk=pk)


def byline(name, role=Byline.Role.BY, order=0, pk=None, slug=None):
    person = Person(name=name, slug=slug or slugify(name))
    return Byline(person=person, role=role, order=order, pk=pk)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["Reuters"], "Reuters"),
        (["Reuters", "The Associated Press"], "Reuters and The Associated Press"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "B", "C", "D", "E"], "A, B, C, D and E"),
    ],
)
def test_names_join_as_a_newsroom_writes_them(names, expected):
    """One name alone; two with “and”; three or more with commas and a final “and”."""
    assert credits.join_names(names) == expected


def test_names_containing_and_are_kept_whole():
    """A name with “and” in it is not split or rewritten."""
    names = ["Procter and Gamble Newsroom", "Reuters"]
    assert credits.join_names(names) == "Procter and Gamble Newsroom and Reuters"
    names = ["Smith and Jones", "Reuters", "AP"]
    assert credits.join_names(names) == "Smith and Jones, Reuters and AP"


def test_a_name_with_a_comma_sets_a_long_series_off_with_semicolons():
    """As wire style does, so that “Smith, Jones & Co.” still reads as one name."""
    assert credits.join_names(["Smith, Jones & Co.", "Reuters"]) == "Smith, Jones & Co. and Reuters"
    assert (
        credits.join_names(["Smith, Jones & Co.", "Reuters", "AP"])
        == "Smith, Jones & Co.; Reuters; and AP"
    )


def test_empty_and_untidy_names_are_cleaned():
    """Blank names drop out; runs of whitespace become one space."""
    assert credits.join_names(["  Reuters \n", "", "  ", "AP"]) == "Reuters and AP"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([attribution("Reuters")], ["Reuters contributed to this report."]),
        (
            [attribution("Reuters"), attribution("The Associated Press")],
            ["Reuters and The Associated Press contributed to this report."],
        ),
        (
            [attribution(name, "contributed reporting") for name in "ABC"],
            ["A, B and C contributed reporting."],
        ),
        (
            [attribution(name, "contributed reporting") for name in "ABCDE"],
            ["A, B, C, D and E contributed reporting."],
        ),
    ],
)
def test_attributions_sharing_a_phrase_make_one_sentence(rows, expected):
    """1, 2, 3 and 5 names under one phrase give one sentence."""
    assert credits.credit_lines(rows) == expected


def test_mixed_phrases_give_a_sentence_each_in_row_order():
    """A sentence per phrase, in the order each phrase first appears; names in row order."""
    rows = [
        attribution("Reuters", order=1),
        attribution("Jane Doe", "contributed reporting", order=2),
        attribution("The Associated Press", order=3),
        attribution("John Roe", "contributed reporting", order=4),
        attribution("NBC News Archive", "provided the photographs", order=5),
    ]
    assert credits.credit_lines(rows) == [
        "Reuters and The Associated Press contributed to this report.",
        "Jane Doe and John Roe contributed reporting.",
        "NBC News Archive provided the photographs.",
    ]


def test_rows_are_taken_in_their_order_not_the_order_given():
    """The builder sorts by order, then by id, whatever order the rows come in."""
    rows = [attribution("B", order=2, pk=1), attribution("A", order=1, pk=2)]
    assert credits.credit_lines(rows) == ["A and B contributed to this report."]


def test_people_and_organizations_share_a_sentence(db):
    """An organization row and a person row with the same phrase are one sentence."""
    from tests.helpers import add_attribution, make_article, make_organization, make_person

    article = make_article()
    add_attribution(article, organization=make_organization(name="Reuters"), order=1)
    add_attribution(article, person=make_person(name="Jane Doe"), order=2)
    add_attribution(article, organization=make_organization(name="AP"), order=3)
    assert credits.credit_lines(article.attributions.all()) == [
        "Reuters, Jane Doe and AP contributed to this report."
    ]


def test_custom_phrases_end_with_one_period():
    """A custom phrase typed with its own period, spaces or comma still ends the sentence once."""
    rows = [
        attribution("Reuters", "provided the video. "),
        attribution("AP", "Provided  the video"),
        attribution("Getty Images", "supplied photographs from Washington, D.C.,"),
    ]
    assert credits.credit_lines(rows) == [
        "Reuters and AP provided the video.",
        "Getty Images supplied photographs from Washington, D.C.",
    ]


def test_a_custom_phrase_replaces_the_chosen_one():
    """The model's phrase is the custom text when there is one, without a closing period."""
    row = Attribution(phrase=Attribution.Phrase.CONTRIBUTED, custom_phrase=" wrote the sidebar. ")
    assert row.text_phrase == "wrote the sidebar"


def test_a_name_given_twice_under_one_phrase_is_written_once():
    rows = [attribution("Reuters"), attribution("Reuters")]
    assert credits.credit_lines(rows) == ["Reuters contributed to this report."]


def test_names_with_and_and_commas_in_attributions():
    rows = [attribution("Smith, Jones & Co."), attribution("Procter and Gamble"), attribution("AP")]
    assert credits.credit_lines(rows) == [
        "Smith, Jones & Co.; Procter and Gamble; and AP contributed to this report."
    ]


names = st.text(max_size=40)
phrases = st.text(max_size=60)


@given(st.lists(st.tuples(names, phrases), max_size=8))
def test_credit_lines_never_raise_and_end_with_one_period(rows):
    """Whatever the names and phrases, each sentence is one line ending in exactly one period."""
    lines = credits.credit_lines(attribution(name, phrase) for name, phrase in rows)
    for line in lines:
        assert line.endswith(".")
        assert not line.endswith("..")
        assert "\n" not in line
    assert len(lines) <= len(rows)


@given(st.lists(names.filter(str.strip), min_size=1, max_size=8, unique=True))
def test_every_name_appears_whole_in_its_sentence(rows):
    """No name is lost, split or reordered."""
    (line,) = credits.credit_lines(attribution(name) for name in rows)
    cleaned = [" ".join(name.split()) for name in rows]
    position = 0
    for name in dict.fromkeys(cleaned):
        position = line.index(name, position)


def test_byline_lines_one_per_role_in_role_order():
    """Roles come in the vocabulary's order, people in row order within a role."""
    rows = [
        byline("Pat Photo", Byline.Role.PHOTOS),
        byline("Bea B", order=2),
        byline("Al A", order=1),
        byline("Tess T", Byline.Role.TRANSLATED),
        byline("Addy Add", Byline.Role.ADDITIONAL),
        byline("Cy C", order=3),
        byline("Vi Video", Byline.Role.VIDEO),
    ]
    assert [line.text for line in credits.byline_lines(rows)] == [
        "By Al A, Bea B and Cy C",
        "Additional reporting by Addy Add",
        "Photographs by Pat Photo",
        "Video by Vi Video",
        "Translated by Tess T",
    ]


def test_signoff_style_writes_the_main_line_with_a_dash():
    """The seed's “- Alastair Jamieson”; other roles keep their labels."""
    rows = [byline("Alastair Jamieson"), byline("Jo Extra", Byline.Role.ADDITIONAL)]
    lines = credits.byline_lines(rows, signoff=True)
    assert [line.text for line in lines] == [
        "- Alastair Jamieson",
        "Additional reporting by Jo Extra",
    ]


def test_byline_html_links_each_name_with_the_same_joining_rule():
    """The linked line reads exactly as the text line, and escapes names."""
    rows = [
        byline("Al A", order=1),
        byline("<b>Bea</b>", order=2, slug="bea"),
        byline("Smith, Jo", order=3),
    ]
    (line,) = credits.byline_lines(rows)
    assert line.text == "By Al A; <b>Bea</b>; and Smith, Jo"
    assert str(line.html) == (
        'By <a href="/authors/al-a/">Al A</a>; '
        '<a href="/authors/bea/">&lt;b&gt;Bea&lt;/b&gt;</a>; '
        'and <a href="/authors/smith-jo/">Smith, Jo</a>'
    )


plain_names = st.text(
    alphabet=st.characters(categories=["L", "N"], include_characters=" .'-"), max_size=30
).filter(lambda name: name.strip() and " and " not in f" {name} ")


@given(st.lists(plain_names, max_size=7))
def test_a_series_splits_back_into_its_names(names):
    """Names without commas or “and” come back out of the series exactly, in order."""
    joined = credits.join_names(names)
    cleaned = [" ".join(name.split()) for name in names]
    if len(cleaned) < 2:
        assert joined == "".join(cleaned)
        return
    head, last = joined.rsplit(" and ", 1)
    assert [*head.split(", "), last] == cleaned


@given(st.lists(names, max_size=6), st.booleans())
def test_linked_byline_reads_exactly_as_its_text(rows, signoff):
    """Both renderings follow the one joining rule; the HTML only adds escaped links."""
    bylines = [byline(name, order=order, slug="x") for order, name in enumerate(rows)]
    for line in credits.byline_lines(bylines, signoff=signoff):
        html = str(line.html)
        assert html.count('<a href="/authors/x/">') == len([name for name in rows if name.split()])
        assert unescape(re.sub(r'<a href="/authors/x/">|</a>', "", html)) == line.text


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
