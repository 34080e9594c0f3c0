"""
A synthetic newsroom for load tests and benchmarks: sections, people, organizations,
videos with every kind of rights window, and articles spread over years with bylines,
attributions and video references in their bodies.

Rows go in with ``bulk_create`` in batches, so ``save()`` never runs: ``body_html`` is
filled from a handful of body templates rendered once through the one Markdown renderer,
with each article's video slug substituted into both the Markdown and the HTML.
"""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.markdown import markdown_to_html
from articles.models import Article, Attribution, Byline, Organization, Person, Section, Video

SECTIONS = (
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Sports",
    "Culture",
    "Opinion",
    "Local",
    "Travel",
)
FIRST_NAMES = (
    "Ana Ben Chloe Daniel Elena Farid Grace Hugo Ines Jonas Keiko Liam Maya Noor Omar Priya "
    "Quentin Rosa Samuel Tara Umar Vera Wei Ximena Yusuf Zoe"
).split()
LAST_NAMES = (
    "Abebe Baker Costa Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Kowalski Lopez "
    "Moreau Nakamura Okafor Petrov Quinn Rossi Schmidt Tanaka Umarov Varga Walsh Yilmaz Zhou"
).split()
JOB_TITLES = ("Reporter", "Correspondent", "Senior Correspondent", "Editor", "Photographer")
ORGANIZATIONS = (
    ("Reuters", "wire"),
    ("The Associated Press", "wire"),
    ("Agence France-Presse", "wire"),
    ("Bloomberg", "wire"),
    ("Deutsche Presse-Agentur", "wire"),
    ("Kyodo News", "wire"),
    ("EFE", "wire"),
    ("ANSA", "wire"),
    ("The Harbour Times", "partner"),
    ("Valley Public Radio", "partner"),
    ("Northern Ledger", "partner"),
    ("City Desk", "newsroom"),
)
WORDS = (
    "government minister talks border troops election vote market shares economy climate "
    "summit report officials said Tuesday capital agreement crisis court ruling season "
    "players storm coast health hospital researchers study energy prices city council "
    "budget tax workers strike protest police investigation company profits launch space "
    "satellite festival museum exhibition river flood drought harvest farmers schools "
    "teachers students rail airport port ceasefire negotiations treaty allies sanctions"
).split()
HEADLINE_VERBS = (
    "weighs",
    "rejects",
    "backs",
    "warns of",
    "signals",
    "delays",
    "expands",
    "faces",
    "approves",
    "questions",
)
BODY_TEMPLATES = 8
VIDEO_SLOT = "generated-video-slot"


class Progress:
    """A one-line progress bar on stderr: count, percentage, rate and time left."""

    def __init__(self, total, stream, width=30):
        self.total, self.stream, self.width = total, stream, width
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count):
        self.done += count
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r[{bar}] {self.done}/{self.total} articles, {rate:,.0f}/s, {left:,.0f} s left ",
            style_func=str,  # plain text, not the error colour of stderr
            ending="",
        )
        self.stream.flush()

    def finish(self):
        self.stream.write("")


class Command(BaseCommand):
    help = "Generate a synthetic newsroom of N articles (bulk inserts; deterministic per seed)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="How many articles.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: same seed, same data."
        )
        parser.add_argument("--years", type=int, default=10, help="Publish dates span this many.")
        parser.add_argument("--batch-size", type=int, default=2000, help="Articles per insert.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, articles, seed, years, batch_size, quiet, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
        self.tag = f"g{seed}"
        if Person.objects.filter(slug__startswith=f"{self.tag}-").exists():
            raise CommandError(
                f"A newsroom was already generated with --seed {seed}; use another seed."
            )
        self.now = timezone.now().replace(microsecond=0)
        started = time.monotonic()
        with transaction.atomic():
            sections = self.make_sections()
            people = self.make_people(max(20, articles // 200))
            organizations = self.make_organizations()
            videos = self.make_videos(max(50, articles // 20), organizations)
        templates = self.body_templates()
        progress = None if quiet else Progress(articles, self.stderr)
        made = 0
        while made < articles:
            count = min(batch_size, articles - made)
            with transaction.atomic():
                self.make_articles(count, years, sections, people, organizations, videos, templates)
            made += count
            if progress:
                progress.advance(count)
        if progress:
            progress.finish()
        self.stdout.write(
            f"Generated {articles} articles, {len(people)} people, {len(videos)} videos "
            f"in {time.monotonic() - started:.1f} s."
        )

    def make_sections(self):
        sections = []
        for position, name in enumerate(SECTIONS):
            section, _ = Section.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "position": position}
            )
            sections.append(section)
        return sections

    def make_people(self, count):
        rng = self.rng
        people = []
        for i in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            people.append(
                Person(
                    name=name,
                    slug=f"{self.tag}-{slugify(name)}-{i}",
                    job_title=rng.choice(JOB_TITLES),
                    bio=f"{name} covers {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
                    active=rng.random() < 0.9,
                )
            )
        return Person.objects.bulk_create(people)

    def make_organizations(self):
        return Organization.objects.bulk_create(
            Organization(
                name=name,
                short_name="".join(word[0] for word in name.split() if word[0].isupper()),
                slug=f"{self.tag}-{slugify(name)}",
                kind=kind,
            )
            for name, kind in ORGANIZATIONS
        )

    def make_videos(self, count, organizations):
        rng, now = self.rng, self.now
        videos = []
        for i in range(count):
            # Stratified: every twenty videos hold each kind of window in its proportion.
            window = (i % 20 + rng.random()) / 20
            available_from = expires_at = None
            removal_reason = ""
            if window < 0.2:  # licence runs out within three months
                expires_at = now + timedelta(days=rng.uniform(1, 90))
            elif window < 0.35:  # licence already ran out
                expires_at = now - timedelta(days=rng.uniform(1, 2000))
                available_from = expires_at - timedelta(days=rng.uniform(30, 365))
            elif window < 0.4:  # embargoed until a future instant
                available_from = now + timedelta(hours=rng.uniform(1, 240))
            elif window < 0.45:
                removal_reason = rng.choice(Video.RemovalReason.values)
            kind = rng.random()
            source = {"source_url": "", "provider": "", "provider_id": ""}
            if kind < 0.5:
                source["provider"] = Video.Provider.YOUTUBE
                source["provider_id"] = "".join(
                    rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789_-") for _ in range(11)
                )
            elif kind < 0.75:
                source["provider"] = Video.Provider.VIMEO
                source["provider_id"] = str(rng.randrange(10_000_000, 999_999_999))
            else:
                source["source_url"] = f"https://media.example.com/{self.tag}/video-{i}.mp4"
            organization = rng.choice(organizations) if rng.random() < 0.6 else None
            videos.append(
                Video(
                    title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} footage",
                    slug=f"{self.tag}-video-{i}",
                    caption=f"Footage of the {rng.choice(WORDS)} {rng.choice(WORDS)}.",
                    credit_organization=organization,
                    credit_text="" if organization else "Staff video",
                    duration=timedelta(seconds=rng.randrange(20, 600)),
                    available_from=available_from,
                    expires_at=expires_at,
                    removal_reason=removal_reason,
                    **source,
                )
            )
        return Video.objects.bulk_create(videos)

    def body_templates(self):
        """A few Markdown bodies, each rendered once; half place a video in the middle."""
        rng = self.rng
        templates = []
        for number in range(BODY_TEMPLATES):
            paragraphs = [self.paragraph() for _ in range(rng.randrange(6, 12))]
            if number % 4 == 1:
                paragraphs.insert(2, f"## {self.sentence(4).rstrip('.')}")
            if number % 3 == 2:
                paragraphs.insert(4, f"> {self.sentence(14)}")
            has_video = number % 2 == 0
            if has_video:
                paragraphs.insert(len(paragraphs) // 2, f"[[video:{VIDEO_SLOT}]]")
            body = "\n\n".join(paragraphs)
            templates.append((body, markdown_to_html(body), has_video))
        return templates

    def sentence(self, words):
        text = " ".join(self.rng.choice(WORDS) for _ in range(words))
        return f"{text[0].upper()}{text[1:]}."

    def paragraph(self):
        sentences = [
            self.sentence(self.rng.randrange(8, 20)) for _ in range(self.rng.randrange(2, 5))
        ]
        if self.rng.random() < 0.3:
            sentences.append(f'"{self.sentence(10)}" an official said, according to **Reuters**.')
        return " ".join(sentences)

    def make_articles(self, count, years, sections, people, organizations, videos, templates):
        rng, now = self.rng, self.now
        span = timedelta(days=365 * years).total_seconds()
        rows, plans = [], []
        for _ in range(count):
            body, body_html, has_video = rng.choice(templates)
            body_video = rng.choice(videos) if has_video else None
            if body_video:
                body = body.replace(VIDEO_SLOT, body_video.slug)
                body_html = body_html.replace(VIDEO_SLOT, body_video.slug)
            lead_video = rng.choice(videos) if rng.random() < 0.3 else None
            state = rng.random()
            if state < 0.02:
                status, published_at = Article.Status.DRAFT, None
            elif state < 0.03:
                status, published_at = Article.Status.REVIEW, None
            elif state < 0.035:  # scheduled: published, due within days
                status = Article.Status.PUBLISHED
                published_at = now + timedelta(seconds=rng.uniform(60, 7 * 86400))
            elif state < 0.04:
                status = Article.Status.WITHDRAWN
                published_at = now - timedelta(seconds=rng.uniform(0, span))
            else:
                status = Article.Status.PUBLISHED
                published_at = now - timedelta(seconds=rng.uniform(0, span))
            updated_at = None
            if published_at and rng.random() < 0.1:
                updated_at = published_at + timedelta(hours=rng.uniform(1, 48))
            headline = (
                f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(HEADLINE_VERBS)} "
                f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
            )
            rows.append(
                Article(
                    headline=headline,
                    slug=slugify(headline)[:180],
                    dek=self.sentence(rng.randrange(12, 24)),
                    body=body,
                    body_html=body_html,
                    section=rng.choice(sections),
                    status=status,
                    published_at=published_at,
                    first_published_at=published_at if status != Article.Status.DRAFT else None,
                    updated_at=updated_at,
                    lead_video=lead_video,
                    byline_style=Article.BylineStyle.SIGNOFF
                    if rng.random() < 0.1
                    else Article.BylineStyle.TOP,
                )
            )
            plans.append({video.pk for video in (body_video, lead_video) if video})
        Article.objects.bulk_create(rows)

        bylines, attributions, video_links = [], [], []
        through = Article.videos.through
        for article, video_ids in zip(rows, plans, strict=True):
            writers = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
            for order, person in enumerate(rng.sample(people, writers)):
                bylines.append(Byline(article=article, person=person, order=order))
            if rng.random() < 0.15:
                role = rng.choice((Byline.Role.ADDITIONAL, Byline.Role.PHOTOS, Byline.Role.VIDEO))
                bylines.append(Byline(article=article, person=rng.choice(people), role=role))
            credits = rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
            for order, organization in enumerate(rng.sample(organizations, credits)):
                attributions.append(
                    Attribution(
                        article=article,
                        organization=organization,
                        phrase=rng.choice(Attribution.Phrase.values),
                        order=order,
                    )
                )
            video_links.extend(through(article_id=article.pk, video_id=pk) for pk in video_ids)
        Byline.objects.bulk_create(bylines)
        Attribution.objects.bulk_create(attributions)
        through.objects.bulk_create(video_links)
