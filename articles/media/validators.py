"""Validators shared by the models' fields."""

from articles.media.uploads import clean_image


def validate_image_file(upload):
    """Accept only real raster images, judged by their content (Pillow), not their name.

    A file already in storage was judged when it was uploaded; changing the picture's
    alt text or caption does not read it again.
    """
    if getattr(upload, "_committed", False):
        return
    clean_image(upload)
