from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.conf import setting
from articles.models import Video


class Command(BaseCommand):
    help = (
        "List the videos whose licence ends within a horizon, with the articles that show "
        "them: text to paste into an e-mail or chat alert. Prints nothing when none do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="The horizon in days (7).")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        now = timezone.now()
        videos = list(
            Video.objects.expiring_within(timedelta(days=days), now)
            .with_articles()
            .order_by("expires_at", "pk")
        )
        if not videos:
            return
        site = setting("NEWSROOM_SITE_URL").rstrip("/")
        self.stdout.write(f"Videos expiring in the next {days} days: {len(videos)}")
        for video in videos:
            expires = timezone.localtime(video.expires_at)
            self.stdout.write(
                f"\n{expires:%Y-%m-%d %H:%M %Z}  {video.title} [[video:{video.slug}]]"
            )
            articles = video.articles.all()
            if not articles:
                self.stdout.write("  no article shows it")
            for article in articles:
                url = f"{site}{article.get_absolute_url()}"
                self.stdout.write(f"  - {article.headline} ({article.get_status_display()}) {url}")
