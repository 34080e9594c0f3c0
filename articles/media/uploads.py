"""
Uploaded images, judged by their content and rewritten before they are stored.

Every image an editor uploads (the Image library, the Markdown editor's drop zone) passes
through ``clean_image``: Pillow decides the format from the bytes, not from the name or the
Content-Type; SVG and everything else that is not a plain raster image is refused; images
with too many pixels (decompression bombs) are refused before they are decoded; the pixels
are then encoded afresh, so trailing payloads, polyglot tails and metadata (EXIF, GPS,
XMP, comments) never reach the media folder; only the colour profile is kept. Stored names
are generated, never the browser's.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # about 7700 x 5200; every frame of an animation counts
JPEG_QUALITY = 88

# Written explicitly empty: Pillow otherwise copies the decoded file's comment (JPEG, GIF,
# every animation frame's too), EXIF and XMP into the new file. Only the colour profile
# is kept (passed explicitly: the JPEG encoder would drop it), so colours stay true.
NO_METADATA = {"comment": b"", "exif": b"", "xmp": b""}


def _kept_metadata(image) -> dict:
    """The encoder options that write no metadata but the colour profile."""
    profile = image.info.get("icc_profile")
    return {**NO_METADATA, **({"icc_profile": profile} if profile else {})}


NOT_AN_IMAGE = "The file is not a JPEG, PNG, GIF or WebP image (or it is damaged)."


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=f"image.{self.extension}")


def clean_image(upload, *, max_bytes: int = MAX_IMAGE_BYTES, fit=None) -> CleanImage:
    """Check an uploaded file and return it re-encoded, or raise ValidationError.

    ``fit`` (width, height) shrinks a still image to fit inside that box.
    """
    cached = getattr(upload, "newsroom_clean_image", None)
    if cached is not None:
        return cached
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise ValidationError(
            f"The image is larger than {max_bytes // (1024 * 1024)} MB.", code="too_large"
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own check on decoding bombs only warns on large images: an error here.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as image:
                image_format = image.format
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "Use a JPEG, PNG, GIF or WebP image.", code="unsupported_format"
                    )
                frames = getattr(image, "n_frames", 1)
                if image.width * image.height * frames > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                content, width, height = _reencode(image, image_format, frames, fit)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from exc
    finally:
        upload.seek(0)
    cleaned = CleanImage(content, ALLOWED_FORMATS[image_format], width, height)
    # The validator and the model's save() both ask; decode the upload only once.
    upload.newsroom_clean_image = cleaned
    return cleaned


def _too_many_pixels():
    return ValidationError(
        f"The image has more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels.",
        code="too_many_pixels",
    )


def _reencode(image, image_format: str, frames: int, fit=None) -> tuple[bytes, int, int]:
    """Decode every pixel and write a new file that carries nothing else."""
    out = io.BytesIO()
    if frames > 1:
        # Animated GIF or WebP: keep the frames and their timing, drop everything else.
        image.load()
        image.save(
            out,
            image_format,
            save_all=True,
            duration=image.info.get("duration", 100),
            loop=image.info.get("loop", 0),
            **_kept_metadata(image),
        )
        return out.getvalue(), image.width, image.height
    # Apply the camera's rotation before its EXIF tag goes.
    pixels = ImageOps.exif_transpose(image)
    pixels.load()
    if fit:
        pixels.thumbnail(fit)
    kept = _kept_metadata(image)
    if image_format == "JPEG":
        if pixels.mode not in ("RGB", "L"):
            pixels = pixels.convert("RGB")
        pixels.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **kept)
    elif image_format == "WEBP":
        pixels.save(out, "WEBP", quality=JPEG_QUALITY, **kept)
    else:
        pixels.save(out, image_format, optimize=True, **kept)
    return out.getvalue(), pixels.width, pixels.height
