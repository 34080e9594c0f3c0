import tomllib
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.management.demo_photos import load_photo_story
from articles.models import (
    Article,
    Attribution,
    Byline,
    Front,
    LineUp,
    Organization,
    Person,
    Placement,
    Section,
    Slot,
    Video,
)

SEED_FILE = Path(__file__).resolve().parents[2] / "seed" / "nato-russia-troops.toml"


def upsert(model, lookup, values):
    """Create the row or bring it to ``values``, saving only changes: a re-run does nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, bool(changed)


class Command(BaseCommand):
    help = "Load the reference article (NATO, April 2014) with its section, people and videos."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=SEED_FILE, help="A seed TOML file.")

    @transaction.atomic
    def handle(self, *args, file, **options):
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        section, _ = upsert(
            Section, {"slug": data["section"]["slug"]}, _without(data["section"], "slug")
        )
        person, _ = upsert(
            Person, {"slug": data["person"]["slug"]}, _without(data["person"], "slug")
        )
        organization, _ = upsert(
            Organization,
            {"slug": data["organization"]["slug"]},
            _without(data["organization"], "slug"),
        )
        videos = {}
        for row in data["videos"]:
            values = _without(row, "slug")
            values["duration"] = timedelta(seconds=values["duration"])
            videos[row["slug"]], _ = upsert(Video, {"slug": row["slug"]}, values)

        fields = data["article"]
        people = {person.slug: person}
        organizations = {organization.slug: organization}
        article, changed = upsert(
            Article,
            {"slug": fields["slug"], "section": section},
            {
                "headline": fields["headline"],
                "dek": fields["dek"],
                "body": fields["body"].strip("\n"),
                "lead_video": videos[fields["lead_video"]],
                "status": Article.Status.PUBLISHED,
                "published_at": fields["published_at"],
                "byline_style": fields["byline_style"],
            },
        )
        for order, row in enumerate(fields["bylines"]):
            upsert(
                Byline,
                {
                    "article": article,
                    "person": people[row["person"]],
                    "role": Byline.Role[row["role"].upper()],
                },
                {"order": order},
            )
        for order, row in enumerate(fields["attributions"]):
            upsert(
                Attribution,
                {"article": article, "organization": organizations[row["organization"]]},
                {"phrase": row["phrase"], "order": order},
            )
        article.sync_videos()
        state = "loaded" if changed else "already up to date"
        self.stdout.write(f"Seed article {state}: {article.get_absolute_url()}")
        self.stdout.write(f"Home page front: {lead_the_home_front(article)}")
        photos = load_photo_story(section)
        self.stdout.write(f"Photo desk story: {photos.get_absolute_url()}")


def lead_the_home_front(article):
    """A home front (a lead and top stories) whose line-up leads with ``article``, once."""
    front, _ = Front.objects.get_or_create(section=None)
    lead, _ = Slot.objects.get_or_create(front=front, title="Lead", defaults={"size": 1})
    Slot.objects.get_or_create(front=front, title="Top stories", defaults={"size": 4, "order": 1})
    if not front.lineups.exists():
        lineup = LineUp.objects.create(front=front, starts_at=article.published_at, note="Demo")
        Placement.objects.create(lineup=lineup, slot=lead, article=article)
    return f"/admin/articles/front/{front.pk}/change/"


def _without(mapping, *keys):
    return {key: value for key, value in mapping.items() if key not in keys}
