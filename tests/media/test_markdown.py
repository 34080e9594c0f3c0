"""The one renderer: Markdown, video references, sanitizing; the same on the page and in preview."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.editorial.editor_preview import editor_preview
from articles.markdown import defuse_brackets, markdown_inline, markdown_to_html, video_references
from tests.helpers import make_article, make_section, make_user, make_video

HOSTILE_BODY = """Hello <script>alert("x")</script> reader.

[click me](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">this</a>

<img src="x" onerror="alert(3)"> <iframe src="https://evil.example"></iframe>
"""


def test_references_are_read_in_order_once_each():
    text = "Intro\n\n[[video:b-roll]]\n\nMiddle\n\n[[ video : Lead-Clip ]]\n\n[[video:b-roll]]"
    assert video_references(text) == ["b-roll", "lead-clip"]


def test_a_reference_inside_code_is_not_a_video():
    assert video_references("Type this:\n\n    [[video:example]]\n") == []


def test_hostile_markup_is_inert():
    html = markdown_to_html(HOSTILE_BODY)
    assert "<script" not in html
    assert "javascript:" not in html.lower()
    assert "onerror" not in html
    assert "<iframe" not in html
    assert "Hello" in html and "reader." in html


@pytest.mark.django_db
def test_hostile_body_is_inert_on_the_page(chrome):
    article = make_article(body=HOSTILE_BODY)
    html = chrome.get(article.get_absolute_url()).content.decode()
    body = html[html.index('class="article-body"') :]
    assert "<script" not in body
    assert "javascript:" not in body.lower()
    assert "onerror" not in body


@pytest.mark.django_db
def test_hostile_body_is_inert_in_the_preview(client):
    editor = make_user(groups=["Editor"])
    client.force_login(editor)
    response = client.post(reverse("markdownx_markdownify"), {"content": HOSTILE_BODY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert "javascript:" not in html.lower()
    assert "onerror" not in html


@pytest.mark.django_db
def test_preview_shows_the_slate_and_no_raw_reference(seed_article):
    html = editor_preview("Before.\n\n[[video:nato-kerry-brussels]]\n\nAfter.")
    assert "We apologize, this video has expired." in html
    assert "[[video:" not in html


@pytest.mark.django_db
def test_preview_names_an_unknown_reference_for_the_editor():
    html = editor_preview("[[video:no-such-clip]]")
    assert "No video has the reference [[video:no-such-clip]]" in html


@pytest.mark.django_db
def test_unknown_video_reference_is_a_validation_error_naming_it():
    make_video(slug="known-clip")
    article = make_article(body="[[video:known-clip]]\n\n[[video:missing-clip]]", status="draft")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "[[video:missing-clip]]" in str(error.value.message_dict["body"])
    assert "known-clip" not in str(error.value.message_dict["body"])


@pytest.mark.django_db
def test_admin_refuses_an_unknown_video_reference(client):
    client.force_login(make_user(superuser=True))
    section = make_section()
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "A story",
            "slug": "a-story",
            "section": section.pk,
            "body": "Text.\n\n[[video:ghost-clip]]",
            "status": "draft",
            "byline_style": "top",
            "bylines-TOTAL_FORMS": 0,
            "bylines-INITIAL_FORMS": 0,
            "attributions-TOTAL_FORMS": 0,
            "attributions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "No video has the reference [[video:ghost-clip]]." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["markdownx_markdownify", "markdownx_upload"])
def test_markdownx_endpoints_refuse_anonymous_requests(client, endpoint):
    response = client.post(reverse(endpoint), {"content": "hello"})
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["markdownx_markdownify", "markdownx_upload"])
def test_markdownx_endpoints_refuse_staff_without_article_permission(client, endpoint):
    client.force_login(make_user(staff=True))
    assert client.post(reverse(endpoint), {"content": "hello"}).status_code == 403


@pytest.mark.django_db
def test_markdownx_stock_urls_are_not_routed(client):
    """markdownx's own open endpoints are not mounted anywhere."""
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[" * 12000, 12000),
        ("[a " * 12000, 12000),
        ("[" * 6000 + "x" + "](y)" * 6000, 5999),  # the innermost pair is a link
        ("See [the report](https://example.com).\n\n" * 500 + "[" * 12000, 12000),
    ],
    ids=["run", "unclosed", "nested links", "after ordinary paragraphs"],
)
def test_a_run_of_brackets_renders_in_linear_time_as_text(text, shown):
    """Python-Markdown scans from every "[" to its "]": 12,000 of them took half a minute
    of a worker's time, in a preview any writer can ask for."""
    started = time.monotonic()
    html = markdown_to_html(text)
    inline = markdown_inline("[" * 5000)
    assert time.monotonic() - started < 5
    assert html.count("[") == shown and "\\[" not in html
    assert inline.count("[") == 5000


def test_ordinary_brackets_are_left_as_written():
    """Links, nested brackets and an unclosed "[" in code, in a long story: unchanged."""
    story = (
        "A [link](https://example.com), [nested [brackets]](https://example.org) and "
        "`a[0` in code.\n\n```\nx = [1, [2, 3]\n```\n\n"
    ) * 2000
    assert defuse_brackets(story) == story
    assert "\\[" not in markdown_to_html(story)


@pytest.mark.django_db
def test_a_list_nested_too_deep_for_the_parser_is_shown_as_text(client):
    """Python-Markdown recurses once per level: a thousand levels was a server error."""
    text = "".join("  " * level + "- item\n" for level in range(1000)) + "\n<b>bold</b>"
    html = markdown_to_html(text)
    assert html.startswith("<p>- item") and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<li>" not in html and "<b>" not in html
    assert "- item" in markdown_inline(text) and "<li>" not in markdown_inline(text)
    client.force_login(make_user(superuser=True))
    response = client.post(reverse("markdownx_markdownify"), {"content": text})
    assert response.status_code == 200 and "- item" in response.content.decode()
