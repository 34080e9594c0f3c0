from django.db import models


class Rendition(models.Model):
    """
    A resized copy of an Image, made once with Pillow and reused on every page after.

    ``source`` records the file it was made from: if an editor replaces the picture,
    old renditions no longer match and are made again.
    """

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        WEBP = "webp", "WebP"

    image = models.ForeignKey("articles.Image", on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40)
    format = models.CharField(max_length=10, choices=Format)
    source = models.CharField(max_length=255)
    file = models.FileField(upload_to="renditions/", max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ("image", "spec", "format")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format"], name="rendition_unique_spec"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=["jpeg", "webp"]), name="rendition_format_valid"
            ),
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec}.{self.format}"

    @property
    def url(self):
        return self.file.url

    @property
    def mime_type(self):
        return f"image/{self.format}"
