"""Helpers every test area shares: rows with sensible defaults, admin form data, the
browsers the site tells apart."""

import itertools
from datetime import timedelta
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.editorial import roles
from articles.models import Article, Attribution, Byline, Organization, Person, Section, Video

# The browsers the site tells apart: a supported one, Internet Explorer 11, and IE 11 in
# compatibility mode.
CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IE11_UA = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
IE11_COMPAT_UA = (
    "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; "
    ".NET4.0C; .NET4.0E; .NET CLR 2.0.50727)"
)

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_section(**fields):
    n = _n()
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_person(**fields):
    n = _n()
    fields.setdefault("name", f"Reporter {n}")
    fields.setdefault("slug", f"reporter-{n}")
    return Person.objects.create(**fields)


def make_organization(**fields):
    n = _n()
    fields.setdefault("name", f"Agency {n}")
    fields.setdefault("slug", f"agency-{n}")
    return Organization.objects.create(**fields)


def make_video(**fields):
    n = _n()
    fields.setdefault("title", f"Video {n}")
    fields.setdefault("slug", f"video-{n}")
    if not fields.get("provider"):
        fields.setdefault("source_url", f"https://media.example.com/video-{n}.mp4")
    return Video.objects.create(**fields)


def make_article(**fields):
    n = _n()
    fields.setdefault("headline", f"Headline {n}")
    fields.setdefault("slug", f"headline-{n}")
    fields.setdefault("dek", f"Summary of story {n}.")
    fields.setdefault("body", f"First paragraph of story {n}.\n\nSecond paragraph.")
    if "section" not in fields:
        fields["section"] = make_section()
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**fields)
    article.sync_videos()
    return article


def add_byline(article, person=None, role=Byline.Role.BY, order=0):
    return Byline.objects.create(
        article=article, person=person or make_person(), role=role, order=order
    )


def add_attribution(article, organization=None, person=None, phrase=None, order=0, **fields):
    if organization is None and person is None:
        organization = make_organization()
    return Attribution.objects.create(
        article=article,
        organization=organization,
        person=person,
        phrase=phrase or Attribution.Phrase.CONTRIBUTED,
        order=order,
        **fields,
    )


def make_user(username=None, *, groups=(), staff=True, superuser=False, password="pw-Newsroom-123"):
    username = username or f"user{_n()}"
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=staff or superuser, is_superuser=superuser
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def jpeg_bytes(size=(1600, 900), color=(200, 40, 40), exif=None):
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    picture = PILImage.new("RGB", size, color)
    picture.save(buffer, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def make_image(content=None, **fields):
    from django.core.files.base import ContentFile

    from articles.models import Image

    n = _n()
    fields.setdefault("alt_text", f"Picture {n}")
    upload = ContentFile(content or jpeg_bytes(), name=f"picture-{n}.jpg")
    return Image.objects.create(file=upload, **fields)


def make_tag(**fields):
    from articles.models import Tag

    n = _n()
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Tag.objects.create(**fields)


class FormFields(HTMLParser):
    """The name/value pairs a browser posts for the page's main form (no button pressed)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._multiple = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if name and "__prefix__" in name:  # the template rows for "Add another", never posted
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            # A multiple select with nothing chosen sends nothing at all.
            self._select, self._multiple = name, "multiple" in attrs
            self.data.setdefault(name, [] if self._multiple else "")
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._multiple:
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the newline that opens a textarea's content.
            start = not self.data[self._textarea]
            self.data[self._textarea] += data.removeprefix("\n") if start else data


def form_data(response):
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


ROLES = ("anonymous", "reporter", "desk", "editor", "superuser")


def user_for(role):
    """A fresh user holding ``role`` (None for anonymous)."""
    if role == "anonymous":
        return None
    if role == "superuser":
        return make_user(superuser=True)
    return make_user(
        groups=[{"reporter": roles.REPORTER, "desk": roles.DESK}.get(role, roles.EDITOR)]
    )


def login(client, role):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    return user


def credit(article, user):
    """Make ``user`` one of the article's "By" reporters."""
    person = Person.objects.filter(user=user).first() or make_person(user=user)
    return add_byline(article, person)


def admin_url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def add_inline_row(data, prefix, **fields):
    """Append one new row to an inline formset in posted form data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def png_bytes(size=(40, 30), color=(200, 30, 30)):
    """A small real PNG."""
    import io

    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


BLOCKS = {"p", "h1", "h2", "h3", "li", "aside", "div", "figure", "figcaption", "blockquote"}


class TextBlocks(HTMLParser):
    """The text of a page as a reader sees it: one string per block element, in order."""

    def __init__(self):
        super().__init__()
        self.blocks, self._buffer, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "title", "head"}:
            self._skip += 1
        elif tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title", "head"}:
            self._skip -= 1
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buffer.append(data)

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        if text:
            self.blocks.append(text)
        self._buffer = []


def page_blocks(response):
    parser = TextBlocks()
    parser.feed(response.content.decode())
    parser.close()
    return parser.blocks


# What each reader page costs in SQL queries, whatever the number of related rows
# (tests/delivery/test_query_budgets.py checks each against its budget).
QUERIES = {
    # the article and its rows, the pictures it shows (lead and figures) among them (7); the
    # editor's related stories, the automatic ones, more from its section, and the next
    # scheduled story among them (4)
    "article page": 11,
    # the front's slots (1) and, when it has them, its live line-up's stories (1); the page
    # of latest stories; the next scheduled story
    "home page": 3,
    "home page with a front": 4,
    "section page": 4,
    "section page with a front": 5,
    "tag page": 3,
    "author page": 5,  # with the photographs the person took
    # count, page, next scheduled story; on PostgreSQL the snippets of the page shown too
    "search page": 4 if connection.vendor == "postgresql" else 3,
    "corrections page": 2,
    "feed": 5,
    "corrections feed": 2,
    "section feed": 6,
    "author feed": 6,
    # articles, bylines, attributions, tags, next scheduled story
    "content api list": 5,
    # the article and the rows its page reads (for_page(): tags, bylines, attributions,
    # videos, corrections, pictures)
    "content api article": 7,
}
