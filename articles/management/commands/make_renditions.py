from django.core.management.base import BaseCommand

from articles.media import renditions
from articles.models import Image


class Command(BaseCommand):
    help = (
        "Make every picture's missing renditions now (responsive widths, social card, "
        "square crops), so no reader's request has to wait for Pillow."
    )

    def handle(self, *args, **options):
        images = Image.objects.prefetch_related("renditions").order_by("pk")
        made = 0
        for image in images.iterator(chunk_size=100):
            before = {r.pk for r in image.renditions.all()}
            renditions.prepare(image)
            made += image.renditions.exclude(pk__in=before).count()
        self.stdout.write(f"Made {made} renditions for {images.count()} pictures.")
