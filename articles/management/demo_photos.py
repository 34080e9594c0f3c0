"""The demo's second story: a lead picture and a credited figure, drawn with Pillow."""

import io
import math
from datetime import UTC, datetime

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Byline, Image, Organization, Person

# Drawn on a 1600x1000 canvas, stored at 1280x800 (large enough for every rendition).
SIZE = (1600, 1000)
STORED = (1280, 800)
HEADLINE = "Harbour lights return to the old port after a two-year restoration"
BODY = """The lighthouse at the mouth of the old port was lit again on Saturday evening,
two years after storms cracked its lamp room, and hundreds of people lined the quay to
watch the first beam sweep across the water.

[[image:fishing-boats-at-dusk]]

Fishing crews said the light matters less for navigation than for the town: "It tells
you that you are home," one skipper said as the boats came in.

The restoration was paid for by the harbour trust and a public appeal. Engineers kept
the original lens and replaced the lamp with one that uses a tenth of the power.

[[image:lighthouse-beam-over-the-quay full | The first beam crosses the harbour on Saturday
evening.]]

The trust says the lamp room will open to visitors in the spring."""


def _sky(draw, top, bottom):
    width, height = SIZE
    for y in range(height):
        t = y / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)


def _jpeg(picture):
    out = io.BytesIO()
    picture.resize(STORED, PILImage.Resampling.LANCZOS).save(out, "JPEG", quality=88)
    return out.getvalue()


def draw_lighthouse():
    """Dusk over a harbour, the lighthouse right of centre (its focal point)."""
    picture = PILImage.new("RGB", SIZE)
    draw = ImageDraw.Draw(picture)
    _sky(draw, (28, 38, 84), (238, 150, 92))
    draw.rectangle([0, 640, SIZE[0], SIZE[1]], fill=(24, 44, 70))
    for y in range(650, SIZE[1], 18):
        draw.line([(0, y), (SIZE[0], y + 6)], fill=(40, 66, 98), width=3)
    x = 1240
    draw.polygon([(x - 60, 640), (x + 60, 640), (x + 34, 300), (x - 34, 300)], fill=(235, 235, 228))
    for band in (380, 480, 580):
        draw.rectangle([x - 52, band, x + 52, band + 36], fill=(196, 40, 40))
    draw.rectangle([x - 46, 250, x + 46, 300], fill=(40, 40, 40))
    draw.ellipse([x - 22, 258, x + 22, 294], fill=(255, 238, 150))
    draw.polygon([(x, 276), (0, 120), (0, 330)], fill=(255, 236, 170))
    draw.rectangle([0, 620, 900, 660], fill=(60, 60, 64))
    return _jpeg(picture)


def draw_boats():
    """Fishing boats at the quay, the nearest boat left of centre (its focal point)."""
    picture = PILImage.new("RGB", SIZE)
    draw = ImageDraw.Draw(picture)
    _sky(draw, (60, 80, 130), (250, 190, 120))
    draw.ellipse([1200, 260, 1360, 420], fill=(255, 214, 120))
    draw.rectangle([0, 560, SIZE[0], SIZE[1]], fill=(30, 60, 90))
    for index, (x, colour) in enumerate(
        [(420, (200, 60, 40)), (860, (40, 110, 160)), (1240, (230, 200, 60))]
    ):
        scale = 1.3 - index * 0.3
        y = 640 - index * 30
        w, h = 300 * scale, 80 * scale
        draw.polygon(
            [(x - w / 2, y), (x + w / 2, y), (x + w / 3, y + h), (x - w / 3, y + h)], fill=colour
        )
        draw.line([(x, y), (x, y - 260 * scale)], fill=(230, 230, 230), width=6)
        draw.polygon(
            [(x + 6, y - 250 * scale), (x + 6, y - 40), (x + 120 * scale, y - 40)],
            fill=(245, 242, 232),
        )
        for wave in range(6):
            angle = wave / 6 * math.pi
            draw.arc(
                [x - w / 2, y + h - 10 + wave * 4, x + w / 2, y + h + 20 + wave * 4],
                0,
                180 - angle,
                fill=(70, 100, 130),
                width=2,
            )
    return _jpeg(picture)


def _picture(slug, draw, **fields):
    image = Image.objects.filter(slug=slug).first()
    if image is None:
        # Renditions are made by `manage.py make_renditions` (make run), or when first shown.
        image = Image.objects.create(
            slug=slug, file=ContentFile(draw(), name=f"{slug}.jpg"), **fields
        )
    return image


def load_photo_story(section) -> Article:
    """The story, its photographer and its pictures; a second run changes nothing."""
    photographer, _ = Person.objects.get_or_create(
        slug="mara-lindqvist",
        defaults={"name": "Mara Lindqvist", "job_title": "Staff photographer"},
    )
    reuters = Organization.objects.get(slug="reuters")
    lead = _picture(
        "lighthouse-at-dusk",
        draw_lighthouse,
        alt_text="A red and white lighthouse shines across a harbour at dusk.",
        caption="The restored lighthouse at the mouth of the old port.",
        photographer=photographer,
        focal_x=0.775,
        focal_y=0.45,
        copyright_notice="© 2025 Newsroom",
    )
    _picture(
        "fishing-boats-at-dusk",
        draw_boats,
        alt_text="Three fishing boats moored at a quay under an orange evening sky.",
        caption="Fishing boats return to the quay as the light comes on.",
        photographer=photographer,
        agency=reuters,
        focal_x=0.27,
        focal_y=0.6,
        copyright_notice="© 2025 Reuters",
        usage_terms="Editorial use only",
        expires_at=datetime(2035, 1, 1, tzinfo=UTC),
    )
    _picture(
        "lighthouse-beam-over-the-quay",
        draw_lighthouse,
        alt_text="The lighthouse beam sweeps over the quay and the water.",
        caption="The lighthouse seen from the quay.",
        credit="Courtesy of the Harbour Trust",
    )
    article = Article.objects.filter(slug="harbour-lights-return", section=section).first()
    if article is None:
        article = Article.objects.create(
            headline=HEADLINE,
            slug="harbour-lights-return",
            section=section,
            dek="Crowds lined the quay as the restored lamp was lit for the first time since "
            "the storms.",
            body=BODY,
            lead_image=lead,
            status=Article.Status.PUBLISHED,
            published_at=datetime(2025, 6, 14, 18, 0, tzinfo=UTC),
        )
        Byline.objects.create(article=article, person=Person.objects.get(slug="alastair-jamieson"))
        Byline.objects.create(article=article, person=photographer, role=Byline.Role.PHOTOS)
    return article
