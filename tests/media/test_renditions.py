"""Picture renditions: upright, metadata-free, made once, served with srcset and sizes."""

import html
import io
import re

import pytest
from PIL import ExifTags
from PIL import Image as PILImage

from articles.media import renditions
from articles.models import Rendition
from tests.helpers import add_byline, jpeg_bytes, make_article, make_image

ORIENTATION, MAKE = 0x0112, 0x010F


def rotated_jpeg_with_gps():
    """40x20 pixels, left half red, right half blue, tagged “rotate 90° clockwise” with GPS."""
    picture = PILImage.new("RGB", (40, 20), (255, 0, 0))
    picture.paste((0, 0, 255), (20, 0, 40, 20))
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "Camera Maker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (50.0, 50.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 21.0, 0.0),
    }
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def opened(rendition):
    with rendition.file.open("rb") as handle:
        data = handle.read()
    return data, PILImage.open(io.BytesIO(data))


def test_the_source_really_has_rotation_and_gps(db):
    source = PILImage.open(io.BytesIO(rotated_jpeg_with_gps()))
    exif = source.getexif()
    assert exif[ORIENTATION] == 6
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_renditions_are_upright_and_carry_no_metadata(db):
    """Every rendition of a rotated JPEG with GPS tags is upright and has no EXIF at all."""
    image = make_image(rotated_jpeg_with_gps())
    made = [
        *renditions.responsive(image).jpeg,
        *renditions.responsive(image).webp,
        renditions.social(image),
        renditions.square(image, 96),
        renditions.square(image, 96, "webp"),
    ]
    assert len(made) == 5  # a 20-pixel-wide picture is never enlarged: one width per format
    for rendition in made:
        data, picture = opened(rendition)
        assert b"Exif" not in data
        assert b"GPS" not in data
        assert not picture.getexif()
        assert "exif" not in picture.info
        assert (picture.width, picture.height) == (rendition.width, rendition.height)
    scaled = opened(made[0])[1]
    assert scaled.size == (20, 40)  # portrait: the rotation was applied
    top, bottom = scaled.getpixel((10, 5)), scaled.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60  # red on top
    assert bottom[2] > 200 and bottom[0] < 60  # blue below


def test_responsive_renditions_never_enlarge_and_cover_the_widths(db):
    image = make_image()  # 1600 x 900
    result = renditions.responsive(image)
    assert [r.width for r in result.jpeg] == [320, 640, 960, 1280]
    assert [r.width for r in result.webp] == [320, 640, 960, 1280]
    assert [r.height for r in result.jpeg] == [180, 360, 540, 720]
    small = renditions.responsive(make_image(rotated_jpeg_with_gps()))
    assert [(r.width, r.height) for r in small.jpeg] == [(20, 40)]
    assert {r.format for r in result.webp} == {"webp"}
    _, webp = opened(result.webp[0])
    assert webp.format == "WEBP"


def test_social_and_square_renditions_have_exact_sizes(db):
    image = make_image()
    assert (renditions.social(image).width, renditions.social(image).height) == (1200, 630)
    for size in renditions.SQUARE_SIZES:
        square = renditions.square(image, size)
        assert (square.width, square.height) == (size, size)
        assert opened(square)[1].size == (size, size)


def test_renditions_are_made_once_and_reused(db, monkeypatch):
    image = make_image()
    first = renditions.responsive(image)
    count = Rendition.objects.count()

    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow opened an image again")

    monkeypatch.setattr(renditions.PILImage, "open", no_pillow)
    image = type(image).objects.get(pk=image.pk)
    again = renditions.responsive(image)
    assert [r.pk for r in again.jpeg] == [r.pk for r in first.jpeg]
    assert Rendition.objects.count() == count


def test_a_replaced_picture_gets_new_renditions(db):
    from django.core.files.base import ContentFile

    image = make_image()
    old = renditions.social(image)
    image.file = ContentFile(jpeg_bytes((800, 800), (0, 90, 0)), name="new.jpg")
    image.save()
    image = type(image).objects.get(pk=image.pk)
    new = renditions.social(image)
    assert new.source == image.file.name != old.source
    assert opened(new)[1].getpixel((600, 300))[1] > 60


def test_no_pillow_work_on_pages_after_the_first(client, db, monkeypatch):
    article = make_article(lead_image=make_image(jpeg_bytes((700, 394))))
    add_byline(article)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200

    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow ran on a page request")

    monkeypatch.setattr(renditions.PILImage, "open", no_pillow)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


@pytest.fixture
def pictured_page(client, db):
    image = make_image(jpeg_bytes((700, 394)), alt_text='Kerry "arrives" in Brussels')
    article = make_article(lead_image=image, body="Text.\n\n" * 3)
    below = [make_article(lead_image=make_image(jpeg_bytes((400, 225)))) for _ in range(2)]
    return client, article, below


def test_lead_picture_has_srcset_sizes_dimensions_and_loads_eagerly(pictured_page):
    client, article, _ = pictured_page
    page = client.get(article.get_absolute_url()).content.decode()
    figure = page[page.index('<figure class="lead-image">') :]
    figure = figure[: figure.index("</figure>")]
    assert '<source type="image/webp" srcset="' in figure
    assert re.search(r'srcset="[^"]+ 320w, [^"]+ 640w, [^"]+ 700w"', figure)
    assert 'sizes="(min-width: 46rem) 42rem, calc(100vw - 2rem)"' in figure
    assert 'width="640" height="360"' in figure
    assert 'alt="Kerry "arrives" in Brussels"' in html.unescape(figure)
    assert 'alt="Kerry "' not in figure
    assert 'loading="lazy"' not in figure


def test_listing_pictures_below_the_lead_load_lazily(pictured_page):
    client, _, _ = pictured_page
    html = client.get("/").content.decode()
    cards = html.split('<article class="card')[1:]
    assert len(cards) == 3
    assert 'loading="lazy"' not in cards[0]
    assert all('loading="lazy"' in card for card in cards[1:])


def test_make_renditions_command_prepares_every_picture_once(db, monkeypatch):
    from django.core.management import call_command

    images = [make_image(jpeg_bytes((700, 394))), make_image(rotated_jpeg_with_gps())]
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    # Each picture: four widths, a social card and three squares, in two formats.
    assert out.getvalue().strip() == "Made 32 renditions for 2 pictures."
    # Widths wider than the picture share its full-size file: 700 wide gives 320, 640
    # and 700; 20 wide gives one. Plus the social card and three squares, two formats.
    files = {r.file.name for r in Rendition.objects.all()}
    assert len(files) == (3 + 4) * 2 + (1 + 4) * 2
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "Made 0 renditions for 2 pictures."

    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow ran again")

    monkeypatch.setattr(renditions.PILImage, "open", no_pillow)
    for image in images:
        image = type(image).objects.get(pk=image.pk)
        renditions.responsive(image)
        renditions.social(image)
        renditions.square(image, 96)


def test_uploading_a_picture_in_the_admin_makes_its_renditions(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Image
    from tests.helpers import make_user

    client.force_login(make_user(superuser=True))
    upload = SimpleUploadedFile("p.jpg", jpeg_bytes((700, 394)), content_type="image/jpeg")
    response = client.post(
        "/admin/articles/image/add/", {"file": upload, "alt_text": "A picture", "caption": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.renditions.count() == 16


def test_headshot_gives_square_crops_with_dimensions(db):
    from django.template import engines

    image = make_image(jpeg_bytes((600, 800)), alt_text="Alastair Jamieson")
    reader_templates = engines["jinja2"]
    html = reader_templates.from_string("{{ headshot(image, 120) }}").render({"image": image})
    assert re.search(r'srcset="[^"]+-fill96x96\.jpg 96w, [^"]+ 240w, [^"]+ 480w"', html)
    assert re.search(r'type="image/webp" srcset="[^"]+-fill96x96\.webp 96w', html)
    assert 'sizes="120px" width="120" height="120" alt="Alastair Jamieson"' in html
    assert re.search(r'src="[^"]+-fill240x240\.jpg"', html)


def _fresh(image):
    return type(image).objects.get(pk=image.pk)


def _refuse_pillow(monkeypatch):
    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow opened an image again")

    monkeypatch.setattr(renditions.PILImage, "open", no_pillow)


def test_renditions_made_are_read_with_the_image_row_in_no_query(db, django_assert_num_queries):
    """Once made, a page finds every rendition on the picture's own row."""
    image = make_image(jpeg_bytes((1400, 800)))
    made = {(r.spec, r.format): r for r in renditions.prepare(image)}
    image = _fresh(image)
    with django_assert_num_queries(0):
        found = [
            *renditions.responsive(image).jpeg,
            *renditions.responsive(image).webp,
            renditions.social(image),
            *renditions.squares(image)["jpeg"],
            *renditions.squares(image)["webp"],
        ]
    assert len(made) == len(image.rendition_index["renditions"]) == 16
    assert len({(r.spec, r.format) for r in found}) == len(found) == 15  # no WebP social card
    for rendition in found:
        row = made[(rendition.spec, rendition.format)]
        assert (rendition.pk, rendition.url) == (row.pk, row.url)
        assert (rendition.width, rendition.height) == (row.width, row.height)


def test_a_missing_or_partial_list_is_rebuilt_from_the_rows_without_pillow(
    db, monkeypatch, django_assert_num_queries
):
    """Renditions made before the list existed, or by two requests at once, are found again."""
    image = make_image(jpeg_bytes((1400, 800)))
    renditions.prepare(image)
    type(image).objects.filter(pk=image.pk).update(rendition_index={})
    _refuse_pillow(monkeypatch)
    first = renditions.social(_fresh(image))
    image = _fresh(image)
    with django_assert_num_queries(0):
        again = renditions.responsive(image)
        assert renditions.social(image).pk == first.pk
    assert [r.width for r in again.jpeg] == list(renditions.WIDTHS)


def test_the_list_of_a_replaced_picture_is_not_used(db):
    from django.core.files.base import ContentFile

    image = make_image()
    old = renditions.social(image)
    assert _fresh(image).rendition_index["source"] == old.source
    image.file = ContentFile(jpeg_bytes((800, 800), (0, 90, 0)), name="new.jpg")
    image.save()
    new = renditions.social(_fresh(image))
    assert new.pk != old.pk
    assert _fresh(image).rendition_index["source"] == new.source == image.file.name


def test_the_migration_lists_renditions_made_before_it(db):
    """Pictures that already had renditions get their list when the field is added."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0008_renditions_index")
    image = make_image(jpeg_bytes((1400, 800)))
    renditions.prepare(image)
    written = _fresh(image).rendition_index
    type(image).objects.filter(pk=image.pk).update(rendition_index={})
    migration.index_existing_renditions(apps, None)
    assert _fresh(image).rendition_index == written
    assert len(written["renditions"]) == Rendition.objects.filter(image=image).count()
