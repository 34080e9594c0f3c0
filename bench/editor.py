"""
An editor at work during the benchmark's editing rounds: saves one article a second.

``python bench/editor.py SECONDS PK [PK ...]``, run by ``bench/pages.py`` with the servers'
settings (database and Redis), so each save purges the servers' page cache as an editor's
save in the admin does. Each second it picks an article with the readers' own skew (the
stories most read are the ones most updated), changes a sentence of its body and saves it.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main():
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article
    from bench.zipf import Zipf

    seconds, pks = float(sys.argv[1]), [int(pk) for pk in sys.argv[2:]]
    pick = Zipf(len(pks), random.Random(7))
    stop_at, saved = time.monotonic() + seconds, 0
    while time.monotonic() < stop_at:
        started = time.monotonic()
        article = Article.objects.get(pk=pks[pick()])
        first, _, rest = article.body.partition("\n\n")
        article.body = f"Updated at {timezone.now():%H:%M:%S}.\n\n{rest or first}"
        article.updated_at = timezone.now()
        article.save()
        saved += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    print(f"editor saved {saved} articles in {seconds:.0f} s")


if __name__ == "__main__":
    main()
