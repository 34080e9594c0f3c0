"""Validators shared by the models' fields."""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


def validate_image_file(upload):
    """Accept only real raster images, judged by their content (Pillow), not their name."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError("The image is larger than 10 MB.", code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with PILImage.open(upload) as image:
            image_format = image.format
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError("The image has too many pixels.", code="too_many_pixels")
            image.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        PILImage.DecompressionBombError,
    ) as exc:
        raise ValidationError("The file is not a valid image.", code="invalid_image") from exc
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError("Use a JPEG, PNG, GIF or WebP image.", code="unsupported_format")
