import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone

from articles.media.uploads import clean_image
from articles.media.validators import validate_image_file


def image_upload_to(instance, filename):
    """Store uploads under a generated name: never trust the name a browser sent."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Image(models.Model):
    file = models.ImageField(
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="A JPEG, PNG, GIF or WebP image, at most 10 MB.",
    )
    alt_text = models.CharField(
        max_length=300,
        help_text="Describe the picture for readers who cannot see it. Required.",
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Shown under the picture, as a sentence."
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="Who made the picture, e.g. “Reuters/Yves Herman”."
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The renditions made so far (see articles/media/renditions.py), so that a page showing the
    # picture finds them on this row instead of in one more query.
    rendition_index = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # A new upload is stored re-encoded: nothing but its pixels reaches the disk.
            self.file = clean_image(self.file).as_file()
        super().save(*args, **kwargs)
