"""
Image renditions: resized, upright, metadata-free copies made with Pillow.

Pages ask for renditions through ``responsive``, ``social`` and ``square``. The first
request for an image makes the missing files (one Pillow pass per group) and records
them as Rendition rows, listed on the Image row too (``Image.rendition_index``); later
requests read that list with the picture itself and do no image work and no extra query.

Every rendition is made the same way: EXIF orientation applied, then the pixels are
copied into a fresh image, so no EXIF, GPS, XMP or comment from the upload survives.
Crops (social card, squares) are centred on the image's focal point as far as the edges
allow; moving the point changes the image's ``rendition_source``, so the crops are made again.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageOps

from articles.models import Rendition

WIDTHS = (320, 640, 960, 1280)
SOCIAL_SIZE = (1200, 630)
SQUARE_SIZES = (96, 240, 480)
SAVE_OPTIONS = {
    Rendition.Format.JPEG: ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
    Rendition.Format.WEBP: ("WEBP", {"quality": 80, "method": 4}),
}


@dataclass(frozen=True)
class Spec:
    """``w640``: 640 wide (never enlarged); ``fill1200x630``: cropped to exactly that size."""

    name: str
    width: int
    height: int | None = None

    @classmethod
    def scaled(cls, width):
        return cls(f"w{width}", width)

    @classmethod
    def filled(cls, width, height):
        return cls(f"fill{width}x{height}", width, height)


@dataclass(frozen=True)
class ResponsiveImage:
    image: object
    jpeg: list
    webp: list

    @property
    def fallback(self):
        """The <img> src: the JPEG closest to 640 wide."""
        return min(self.jpeg, key=lambda rendition: abs(rendition.width - 640))

    @staticmethod
    def _srcset(renditions):
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    @property
    def jpeg_srcset(self):
        return self._srcset(self.jpeg)

    @property
    def webp_srcset(self):
        return self._srcset(self.webp)


def responsive(image) -> ResponsiveImage:
    """Width-based renditions in JPEG and WebP, one per distinct width, narrowest first."""
    made = ensure(image, [Spec.scaled(width) for width in WIDTHS])
    by_format = {}
    for fmt in Rendition.Format:
        seen = {}
        for rendition in made:
            if rendition.format == fmt:
                seen.setdefault(rendition.width, rendition)
        by_format[fmt] = [seen[width] for width in sorted(seen)]
    return ResponsiveImage(image, by_format["jpeg"], by_format["webp"])


def social(image) -> Rendition:
    """The 1200x630 JPEG social networks show on a shared link."""
    return _pick(ensure(image, [Spec.filled(*SOCIAL_SIZE)], formats=["jpeg"]), "jpeg")


def square(image, size=240, fmt="jpeg") -> Rendition:
    """A square crop, as for headshots (sizes from SQUARE_SIZES)."""
    spec = Spec.filled(size, size)
    return _pick(ensure(image, [spec]), fmt, spec.name)


def squares(image) -> dict[str, list[Rendition]]:
    """Every square crop, smallest first, by format: ``{"jpeg": [...], "webp": [...]}``."""
    made = ensure(image, [Spec.filled(size, size) for size in SQUARE_SIZES])
    return {fmt: [r for r in made if r.format == fmt] for fmt in Rendition.Format}


def prepare(image) -> list[Rendition]:
    """Make every rendition a page may ask for, in one Pillow pass."""
    specs = [Spec.scaled(width) for width in WIDTHS]
    specs += [Spec.filled(*SOCIAL_SIZE)] + [Spec.filled(size, size) for size in SQUARE_SIZES]
    return ensure(image, specs)


def _pick(renditions, fmt, spec_name=None):
    return next(
        r for r in renditions if r.format == fmt and (spec_name is None or r.spec == spec_name)
    )


def ensure(image, specs, formats=tuple(Rendition.Format)) -> list[Rendition]:
    """The image's renditions for ``specs`` in ``formats``, making any that are missing."""
    wanted = [(spec, fmt) for spec in specs for fmt in formats]
    indexed = _indexed(image)
    if all((spec.name, fmt) in indexed for spec, fmt in wanted):
        return [indexed[(spec.name, fmt)] for spec, fmt in wanted]
    source = image.rendition_source
    current = {(r.spec, r.format): r for r in image.renditions.all() if r.source == source}
    missing = [(spec, fmt) for spec, fmt in wanted if (spec.name, fmt) not in current]
    if missing:
        current.update(_make(image, missing))
    _record(image, current.values())
    return [current[(spec.name, fmt)] for spec, fmt in wanted]


def _indexed(image):
    """The renditions the image row lists for its current file, as unsaved-looking rows."""
    index = image.rendition_index or {}
    if index.get("source") != image.rendition_source:
        return {}
    return {
        (entry["spec"], entry["format"]): Rendition(
            pk=entry["pk"],
            image=image,
            spec=entry["spec"],
            format=entry["format"],
            source=index["source"],
            file=entry["file"],
            width=entry["width"],
            height=entry["height"],
        )
        for entry in index.get("renditions", [])
    }


def _record(image, renditions):
    """List ``renditions`` on the image row, read with the picture from then on."""
    entries = [
        {
            "pk": rendition.pk,
            "spec": rendition.spec,
            "format": rendition.format,
            "file": rendition.file.name,
            "width": rendition.width,
            "height": rendition.height,
        }
        for rendition in sorted(renditions, key=lambda r: (r.spec, r.format))
    ]
    image.rendition_index = {"source": image.rendition_source, "renditions": entries}
    type(image).objects.filter(pk=image.pk).update(rendition_index=image.rendition_index)


def _make(image, missing):
    made = {}
    full_size = {}  # a picture narrower than several widths is stored once per format
    with image.file.open("rb") as source, PILImage.open(source) as original:
        upright = _clean_copy(original)
    focal_point = (image.focal_x, image.focal_y)
    for spec, fmt in missing:
        picture = _resize(upright, spec, focal_point)
        reuse = full_size.get(fmt) if picture is upright else None
        rendition = _save(image, spec, fmt, picture, reuse)
        if picture is upright:
            full_size.setdefault(fmt, rendition.file.name)
        made[(spec.name, fmt)] = rendition
    # The page's prefetched list is now stale; later lookups on this instance re-read it.
    getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)
    return made


def _clean_copy(original):
    """Upright pixels in a new image: orientation applied, every metadata block left behind."""
    upright = ImageOps.exif_transpose(original)
    has_alpha = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
    upright = upright.convert("RGBA" if has_alpha else "RGB")
    if has_alpha:
        # JPEG has no transparency: flatten onto white, as a page background would show.
        flat = PILImage.new("RGB", upright.size, (255, 255, 255))
        flat.paste(upright, mask=upright.getchannel("A"))
        return flat
    clean = PILImage.new("RGB", upright.size)
    clean.paste(upright)
    return clean


def focal_crop(size, target, focal_point) -> tuple[int, int, int, int]:
    """The largest box of ``target``'s shape inside ``size``, centred on the focal point as
    far as the edges allow: the point is always inside it."""
    width, height = size
    ratio = target[0] / target[1]
    crop_width, crop_height = (
        (width, max(1, round(width / ratio)))
        if width / height <= ratio
        else (max(1, round(height * ratio)), height)
    )
    x, y = focal_point[0] * width, focal_point[1] * height
    left = min(max(0, round(x - crop_width / 2)), width - crop_width)
    top = min(max(0, round(y - crop_height / 2)), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def _resize(picture, spec, focal_point=(0.5, 0.5)):
    if spec.height is not None:
        box = focal_crop(picture.size, (spec.width, spec.height), focal_point)
        return picture.resize((spec.width, spec.height), PILImage.Resampling.LANCZOS, box=box)
    if picture.width <= spec.width:
        return picture
    height = max(1, round(picture.height * spec.width / picture.width))
    return picture.resize((spec.width, height), PILImage.Resampling.LANCZOS)


def _save(image, spec, fmt, picture, reuse=None):
    digest = hashlib.sha256(f"{image.rendition_source}|{spec.name}".encode()).hexdigest()[:16]
    name = f"{image.pk}-{digest}-{spec.name}.{'jpg' if fmt == 'jpeg' else fmt}"
    fields = {
        "source": image.rendition_source,
        "width": picture.width,
        "height": picture.height,
    }
    stale = Rendition.objects.filter(image=image, spec=spec.name, format=fmt).first()
    if stale is not None:
        stale.file.delete(save=False)
        stale.delete()
    rendition = Rendition(image=image, spec=spec.name, format=fmt, **fields)
    if reuse:
        rendition.file.name = reuse
    else:
        pillow_format, options = SAVE_OPTIONS[fmt]
        buffer = io.BytesIO()
        picture.save(buffer, pillow_format, **options)
        rendition.file.save(name, ContentFile(buffer.getvalue()), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made it at the same moment: keep theirs, drop our file.
        if not reuse:
            rendition.file.delete(save=False)
        rendition = Rendition.objects.get(image=image, spec=spec.name, format=fmt)
    return rendition
