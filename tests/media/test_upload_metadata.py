"""Re-encoded uploads keep nothing but pixels and the colour profile: no comment, EXIF or XMP."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageCms, PngImagePlugin

from articles.media.uploads import clean_image

MARKER = b"SECRET-COMMENT-42"


def still(image_format, **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", (24, 16), "teal").save(buffer, image_format, **options)
    return buffer.getvalue()


def animation(image_format, **options):
    buffer = io.BytesIO()
    frames = [PILImage.new("RGB", (24, 16), color) for color in ("red", "blue", "green")]
    frames[0].save(buffer, image_format, save_all=True, append_images=frames[1:], **options)
    return buffer.getvalue()


def exif_with_marker():
    exif = PILImage.Exif()
    exif[0x010E] = MARKER.decode()  # ImageDescription
    return exif.tobytes()


def png_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKER.decode())
    return info


CASES = {
    "JPEG comment": lambda: still("JPEG", comment=MARKER),
    "JPEG EXIF": lambda: still("JPEG", exif=exif_with_marker()),
    "JPEG XMP": lambda: still("JPEG", xmp=MARKER),
    "GIF comment": lambda: still("GIF", comment=MARKER),
    "animated GIF comment": lambda: animation("GIF", comment=MARKER),
    "PNG text": lambda: still("PNG", pnginfo=png_text()),
    "PNG EXIF": lambda: still("PNG", exif=exif_with_marker()),
    "WebP XMP": lambda: still("WEBP", xmp=MARKER),
    "WebP EXIF": lambda: still("WEBP", exif=exif_with_marker()),
    "animated WebP XMP": lambda: animation("WEBP", xmp=MARKER),
}


@pytest.mark.parametrize("case", CASES)
def test_no_metadata_survives_re_encoding(case):
    """The marker is in the upload and nowhere in the stored file."""
    original = CASES[case]()
    assert MARKER in original
    cleaned = clean_image(SimpleUploadedFile("upload", original))
    assert MARKER not in cleaned.content
    reopened = PILImage.open(io.BytesIO(cleaned.content))
    assert "comment" not in reopened.info or not reopened.info["comment"]


def test_the_colour_profile_is_kept():
    """Pixels keep their colour profile, so colours are shown as they were taken."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    cleaned = clean_image(SimpleUploadedFile("upload", still("JPEG", icc_profile=profile)))
    assert PILImage.open(io.BytesIO(cleaned.content)).info.get("icc_profile") == profile
