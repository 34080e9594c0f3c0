"""Small helpers that make valid rows with sensible defaults; override what a test cares about."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Attribution, Byline, Organization, Person, Section, Video

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
