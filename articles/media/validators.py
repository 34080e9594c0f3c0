"""Validators shared by the models' fields."""

from articles.media.uploads import clean_image


def validate_image_file(upload):
    """Accept only real raster images, judged by their content (Pillow), not their name."""
    clean_image(upload)
