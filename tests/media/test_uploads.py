"""Hostile uploads: every one refused with a message (or neutralized) and nothing left on disk."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.editorial import roles
from articles.models import Image
from tests.helpers import make_user, png_bytes

UPLOAD_URL = "/admin/markdownx/upload/"
ADD_IMAGE_URL = "/admin/articles/image/add/"


def jpeg_bytes(size=(40, 30), **save):
    out = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(out, "JPEG", **save)
    return out.getvalue()


def bomb_png():
    """A tiny file that claims 100 000 x 100 000 pixels (10 gigapixels)."""
    out = io.BytesIO()
    PILImage.new("1", (10_000, 10_000)).save(out, "PNG")
    data = bytearray(out.getvalue())
    # Rewrite the IHDR width/height (and its CRC) so the header claims far more.
    import struct
    import zlib

    ihdr = struct.pack(">II", 100_000, 100_000) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
)
PHP_AS_JPG = b"<?php system($_GET['cmd']); ?>"
HTML_AS_JPG = b"<html><body><script>alert(1)</script></body></html>"

# name, bytes, content type the browser claims, the message a refusal carries
REFUSED = [
    ("shell.jpg", PHP_AS_JPG, "image/jpeg", "not a JPEG, PNG, GIF or WebP image"),
    ("page.jpg", HTML_AS_JPG, "image/jpeg", "not a JPEG, PNG, GIF or WebP image"),
    ("cut.jpg", jpeg_bytes((400, 300))[:600], "image/jpeg", "not a JPEG, PNG, GIF or WebP image"),
    ("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml", "not a JPEG, PNG, GIF or WebP image"),
    ("logo.png", SVG_WITH_SCRIPT, "image/png", "not a JPEG, PNG, GIF or WebP image"),
    ("bomb.png", bomb_png(), "image/png", "million pixels"),
    ("photo.bmp", b"BM" + b"\0" * 60, "image/bmp", "not a JPEG, PNG, GIF or WebP image"),
]
REFUSED_IDS = [name for name, *_ in REFUSED]


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def writer(client, db):
    client.force_login(make_user(groups=[roles.REPORTER]))
    return client


@pytest.fixture
def librarian(client, db):
    client.force_login(make_user(superuser=True))
    return client


def editor_upload(client, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(UPLOAD_URL, {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


@pytest.mark.parametrize(("name", "content", "content_type", "message"), REFUSED, ids=REFUSED_IDS)
def test_editor_upload_refuses_hostile_files(writer, name, content, content_type, message):
    """The Markdown editor's upload answers 400 with a message, and stores nothing."""
    response = editor_upload(writer, name, content, content_type)
    assert response.status_code == 400
    assert message in " ".join(json.loads(response.content)["image"])
    assert media_files() == []


@pytest.mark.parametrize(("name", "content", "content_type", "message"), REFUSED, ids=REFUSED_IDS)
def test_image_library_refuses_hostile_files(librarian, name, content, content_type, message):
    """The admin's image form shows the reason next to the field, and stores nothing."""
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = librarian.post(ADD_IMAGE_URL, {"file": upload, "alt_text": "A picture"})
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
    assert media_files() == []


def test_editor_upload_refuses_oversized_files(writer, settings):
    """Above MARKDOWNX_UPLOAD_MAX_SIZE the editor's upload is refused, whatever the file."""
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 1024
    response = editor_upload(writer, "big.png", png_bytes((300, 300)) + b"\0" * 2048, "image/png")
    assert response.status_code == 400
    assert "larger than" in json.loads(response.content)["image"][0]
    assert media_files() == []


def test_image_library_refuses_files_over_ten_megabytes(librarian):
    """The image library takes at most 10 MB per file."""
    big = png_bytes() + b"\0" * (10 * 1024 * 1024)
    upload = SimpleUploadedFile("big.png", big, content_type="image/png")
    response = librarian.post(ADD_IMAGE_URL, {"file": upload, "alt_text": "Big"})
    assert "larger than 10 MB" in response.context["adminform"].form.errors["file"][0]
    assert media_files() == []


def test_polyglot_trailer_is_removed_by_re_encoding(writer):
    """A JPEG with a PHP/HTML payload after its end marker is stored without the payload."""
    payload = b"<?php echo 'owned'; ?><script>alert(1)</script>"
    response = editor_upload(writer, "holiday.php.jpg", jpeg_bytes() + payload, "image/jpeg")
    assert response.status_code == 200
    (stored,) = media_files()
    assert payload not in stored.read_bytes()
    assert stored.suffix == ".jpg" and "holiday" not in stored.name
    # The picture joins the image library; the editor gets its figure reference.
    image = Image.objects.get()
    assert image.file.name.endswith(stored.name)
    assert json.loads(response.content)["image_code"].strip() == f"[[image:{image.slug}]]"
    with PILImage.open(stored) as image:
        assert image.format == "JPEG" and image.size == (40, 30)


def test_image_library_strips_metadata_and_trailers(librarian):
    """An Image is stored re-encoded: no EXIF (GPS, camera), no trailing bytes, a generated name."""
    exif = PILImage.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo latitude
    original = jpeg_bytes((64, 48), exif=exif.tobytes()) + b"<script>alert(1)</script>"
    upload = SimpleUploadedFile("../../etc/evil name.jpg", original, content_type="image/jpeg")
    response = librarian.post(ADD_IMAGE_URL, {"file": upload, "alt_text": "Field"})
    assert response.status_code == 302
    image = Image.objects.get()
    stored = Path(image.file.path)
    data = stored.read_bytes()
    assert b"SecretCam" not in data and b"<script>" not in data
    assert stored.parent.parent.parent == Path(settings.MEDIA_ROOT) / "images"
    assert "evil" not in stored.name and stored.suffix == ".jpg"
    assert (image.width, image.height) == (64, 48)
    with PILImage.open(stored) as reopened:
        assert not reopened.getexif()


def test_format_follows_content_not_name(writer):
    """A PNG named .jpg and sent as image/jpeg is kept as the PNG it is."""
    response = editor_upload(writer, "photo.jpg", png_bytes(), "image/jpeg")
    assert response.status_code == 200
    (stored,) = media_files()
    assert stored.suffix == ".png"


def test_uploads_need_article_permission(client, db):
    """Anonymous users and staff without article rights get 403, and nothing is stored."""
    assert editor_upload(client, "a.png", png_bytes(), "image/png").status_code == 403
    client.force_login(make_user(groups=[roles.DESK]))
    assert editor_upload(client, "a.png", png_bytes(), "image/png").status_code == 403
    client.force_login(make_user(staff=False))
    assert editor_upload(client, "a.png", png_bytes(), "image/png").status_code == 403
    assert media_files() == []


def test_editor_upload_without_file_is_a_message(writer):
    """A POST with no file is a 400 with a message, not a server error."""
    response = writer.post(UPLOAD_URL, {}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400
    assert json.loads(response.content)["image"]
    assert writer.post(UPLOAD_URL, {}).status_code == 400


def test_editor_images_are_shrunk_to_the_configured_box(writer, settings):
    """A still larger than MARKDOWNX_IMAGE_MAX_SIZE is stored scaled down, proportions kept."""
    settings.MARKDOWNX_IMAGE_MAX_SIZE = {"size": (100, 100), "quality": 85}
    response = editor_upload(writer, "wide.png", png_bytes((400, 200)), "image/png")
    assert response.status_code == 200
    (stored,) = media_files()
    with PILImage.open(stored) as image:
        assert image.size == (100, 50)


def test_animated_gifs_keep_their_frames_and_lose_their_trailer(writer):
    """An animation is re-encoded frame by frame; bytes after its end are not kept."""
    out = io.BytesIO()
    frames = [PILImage.new("RGB", (20, 20), (c, 0, 255 - c)) for c in (0, 120, 240)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0)
    response = editor_upload(
        writer, "anim.gif", out.getvalue() + b"<script>x</script>", "image/gif"
    )
    assert response.status_code == 200
    (stored,) = media_files()
    assert b"<script>" not in stored.read_bytes()
    with PILImage.open(stored) as image:
        assert image.format == "GIF" and image.n_frames == 3
