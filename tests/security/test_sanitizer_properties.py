"""
Property tests: the renderer and the credit-line builders never raise on any text, and
what they produce is already clean: the sanitizer has nothing left to change.
"""

import html
from types import SimpleNamespace

import pytest
from django.utils.html import conditional_escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import credits
from articles.markdown import embed_videos, markdown_inline, markdown_to_html, sanitize
from tests.security.xss_corpus import PAYLOADS, active_content

FRAGMENTS = [
    "*",
    "**",
    "_",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&#",
    ";",
    ":",
    '"',
    "'",
    "=",
    "\n",
    "\n\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "# ",
    "|",
    "---",
    "[^1]",
    "[[video:clip]]",
    "javascript:",
    "data:",
    "https://example.com/",
    "<a href=",
    "<img src=x ",
    "onerror=",
    "<script>",
    "<svg>",
    "<!--",
    "-->",
    "<![CDATA[",
]
# Text as editors and attackers write it: pieces of Markdown, HTML and payloads, glued
# together in any order, with arbitrary characters in between.
markup = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(PAYLOADS), st.text(max_size=20)),
    max_size=25,
).map("".join)
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60
) | st.sampled_from(PAYLOADS)

PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(markup)
def test_body_html_is_a_fixed_point_of_the_sanitizer(text):
    """markdown_to_html never raises, and its output passes the sanitizer unchanged."""
    out = markdown_to_html(text)
    assert sanitize(out) == out
    assert not active_content(out)


@PROPERTY
@given(markup)
def test_inline_html_is_a_fixed_point_of_the_inline_sanitizer(text):
    """markdown_inline (deks, captions) never raises and is already inline-clean."""
    out = str(markdown_inline(text))
    assert sanitize(out, inline=True).strip() == out
    assert not active_content(out)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup)
def test_rendered_markdown_is_a_fixed_point_of_the_sanitizer(text):
    """The page's renderer (stored HTML, then its videos) never raises; with no video in
    the library its output is exactly what the sanitizer lets through."""
    out = str(embed_videos(markdown_to_html(text), {}))
    assert sanitize(out) == out
    assert not active_content(out)


def person(name):
    return SimpleNamespace(name=name)


def byline(name, role, order):
    labels = {10: "By", 20: "Additional reporting by", 30: "Photographs by"}
    return SimpleNamespace(
        person=person(name), role=role, order=order, pk=order, get_role_display=lambda: labels[role]
    )


def attribution(name, phrase):
    return SimpleNamespace(credited_name=name, text_phrase=phrase)


@PROPERTY
@given(
    st.lists(st.tuples(plain_text, st.sampled_from([10, 20, 30]), st.integers(0, 5)), max_size=6),
    st.lists(st.tuples(plain_text, plain_text), max_size=6),
)
def test_credit_lines_are_text_that_the_sanitizer_leaves_alone(bylines, attributions):
    """Whatever names and phrases hold, the credit lines build without error, and once
    escaped as the templates escape them the sanitizer finds nothing to remove."""
    lines = [line.text for line in credits.byline_lines([byline(*row) for row in bylines])]
    lines += credits.credit_lines([attribution(*row) for row in attributions])
    for line in lines:
        escaped = str(conditional_escape(line))
        # NUL is the one character HTML parsers (the sanitizer's and browsers') drop.
        assert html.unescape(sanitize(escaped, inline=True)) == line.replace("\x00", "")
        assert not active_content(escaped)
