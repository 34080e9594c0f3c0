"""Fronts: the editors' slots lead the home and section pages; only live stories show, and a
scheduled line-up takes over at its instant."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Front, LineUp, Placement, Slot
from tests.helpers import QUERIES, add_byline, jpeg_bytes, make_article, make_image, make_section

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def make_front(section=None, slots=(("Lead", 1), ("Top stories", 3)), fill=True):
    front = Front.objects.create(section=section)
    made = [
        Slot.objects.create(front=front, title=title, size=size, order=order, fill=fill)
        for order, (title, size) in enumerate(slots)
    ]
    return front, made


def line_up(front, placements, starts_at=None, **fields):
    """A line-up of ``placements``: (slot, article) pairs, in order within each slot."""
    lineup = LineUp.objects.create(
        front=front, starts_at=starts_at or timezone.now() - timedelta(minutes=5), **fields
    )
    for order, (slot, article) in enumerate(placements):
        Placement.objects.create(lineup=lineup, slot=slot, article=article, order=order)
    return lineup


def slots_of(response):
    return [
        (slot.title, [article.headline for article in slot.articles])
        for slot in response.context["front_slots"]
    ]


def latest_of(response):
    return [article.headline for article in response.context["articles"]]


def test_slots_show_their_stories_in_the_editors_order(client):
    """The lead, then top stories as ordered, though newer stories were published since."""
    front, (lead, top) = make_front()
    summit = make_article(headline="Summit", published_at=START - timedelta(hours=5))
    brief_1 = make_article(headline="Brief 1", published_at=START - timedelta(minutes=10))
    brief_2 = make_article(headline="Brief 2", published_at=START - timedelta(minutes=5))
    older = make_article(headline="Older", published_at=START - timedelta(hours=9))
    line_up(front, [(lead, summit), (top, older), (top, brief_2)])

    response = client.get(reverse("articles:home"))

    # the top stories' third place is filled with the latest story not shown
    assert slots_of(response) == [
        ("Lead", ["Summit"]),
        ("Top stories", ["Older", "Brief 2", brief_1.headline]),
    ]
    html = response.content.decode()
    assert html.index("Summit") < html.index("Older") < html.index("Brief 2")
    lead_card = html[: html.index("Summit")].rsplit("<article", 1)[1]
    assert lead_card.startswith(' class="card card-lead"')


def test_the_latest_stories_below_leave_out_what_the_slots_show(client):
    front, (lead,) = make_front(slots=(("Lead", 1),), fill=False)
    lead_story = make_article(headline="Lead story", published_at=START - timedelta(hours=3))
    make_article(headline="Newer", published_at=START - timedelta(minutes=1))
    line_up(front, [(lead, lead_story)])

    response = client.get(reverse("articles:home"))

    assert slots_of(response) == [("Lead", ["Lead story"])]
    assert latest_of(response) == ["Newer"]


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.WITHDRAWN},
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.PUBLISHED, "published_at": START + timedelta(hours=1)},
    ],
    ids=["withdrawn", "draft", "scheduled"],
)
def test_a_story_readers_cannot_see_never_leads_and_its_place_is_filled(client, state):
    """The lead's own next story, else the latest story, takes the place at once."""
    with time_machine.travel(START, tick=False):
        front, (lead, top) = make_front()
        hidden = make_article(headline="Hidden", published_at=START - timedelta(hours=1))
        top_story = make_article(headline="Top story", published_at=START - timedelta(hours=2))
        make_article(headline="Latest story", published_at=START - timedelta(minutes=1))
        line_up(front, [(lead, hidden), (top, top_story)])
        Article.objects.filter(pk=hidden.pk).update(**state)

        response = client.get(reverse("articles:home"))

    assert slots_of(response) == [("Lead", ["Latest story"]), ("Top stories", ["Top story"])]
    assert "Hidden" not in response.content.decode()


def test_a_withdrawn_lead_gives_way_to_the_next_story_in_its_slot(client):
    front, (lead, _top) = make_front(fill=False)
    first = make_article(headline="First")
    second = make_article(headline="Second")
    line_up(front, [(lead, first), (lead, second)])
    first.status = Article.Status.WITHDRAWN
    first.save()

    response = client.get(reverse("articles:home"))

    assert slots_of(response)[0] == ("Lead", ["Second"])


def test_a_scheduled_story_on_a_front_appears_at_its_instant(client):
    with time_machine.travel(START, tick=False) as traveller:
        front, (lead, _top) = make_front(fill=False)
        embargoed = make_article(headline="Embargoed", published_at=START + timedelta(minutes=10))
        line_up(front, [(lead, embargoed)])
        before = client.get(reverse("articles:home"))
        traveller.shift(timedelta(minutes=10))
        after = client.get(reverse("articles:home"))

    assert "Embargoed" not in before.content.decode()
    assert int(before["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 600
    assert slots_of(after) == [("Lead", ["Embargoed"])]


def test_a_scheduled_line_up_takes_over_at_its_instant_and_bounds_the_cache(client):
    """No job runs: the request's time picks the line-up, and caches end at its start."""
    with time_machine.travel(START, tick=False) as traveller:
        front, (lead, _top) = make_front(fill=False)
        day = make_article(headline="Day lead")
        evening = make_article(headline="Evening lead")
        line_up(front, [(lead, day)], starts_at=START - timedelta(hours=6))
        line_up(front, [(lead, evening)], starts_at=START + timedelta(seconds=90))

        before = client.get(reverse("articles:home"))
        traveller.shift(timedelta(seconds=89))
        just_before = client.get(reverse("articles:home"))
        traveller.shift(timedelta(seconds=1))
        at = client.get(reverse("articles:home"))

    assert slots_of(before) == [("Lead", ["Day lead"])]
    assert "max-age=90" in before["Cache-Control"]
    assert "stale-while-revalidate=0" in before["Cache-Control"]
    assert slots_of(just_before) == [("Lead", ["Day lead"])]
    assert "max-age=1" in just_before["Cache-Control"]
    assert slots_of(at) == [("Lead", ["Evening lead"])]


def test_a_section_front_leads_its_section_page(client):
    section = make_section(name="World", slug="world")
    front, (lead, _top) = make_front(section=section)
    pick = make_article(
        headline="World pick", section=section, published_at=START - timedelta(days=2)
    )
    make_article(headline="World newest", section=section)
    line_up(front, [(lead, pick)])

    response = client.get(section.get_absolute_url())

    assert slots_of(response)[0] == ("Lead", ["World pick"])
    # the home page has no front of its own: it lists by time as before
    assert "front_slots" not in client.get(reverse("articles:home")).context


def test_a_front_without_a_line_up_fills_its_slots_with_the_latest(client):
    make_front()
    for n in range(3):
        make_article(headline=f"Story {n}", published_at=START - timedelta(hours=n))

    response = client.get(reverse("articles:home"))

    assert slots_of(response) == [("Lead", ["Story 0"]), ("Top stories", ["Story 1", "Story 2"])]


def test_later_pages_list_the_latest_without_the_slots(client):
    front, (lead, _top) = make_front(fill=False)
    stories = [make_article(published_at=START - timedelta(minutes=n)) for n in range(25)]
    line_up(front, [(lead, stories[-1])])

    page_two = client.get(reverse("articles:home") + "?page=2")

    assert "front_slots" not in page_two.context
    assert stories[-1].headline not in latest_of(page_two)


def build_front(count):
    """A home front of ``count`` slots, each placing ``count`` pictured stories."""
    front, slots = make_front(slots=[(f"Group {n}", count) for n in range(count)])
    placements = []
    for slot in slots:
        for n in range(count):
            # one pictured story a slot: the page cost of pictures is counted elsewhere
            picture = make_image(jpeg_bytes((400, 225))) if n == 0 else None
            article = make_article(lead_image=picture)
            add_byline(article)
            placements.append((slot, article))
    line_up(front, placements)
    return front


@pytest.mark.parametrize("count", [1, 6])
def test_a_front_costs_the_same_queries_for_one_slot_or_many(client, assert_page_queries, count):
    section = make_section()
    build_front(count)
    section_front, section_slots = make_front(section=section)
    line_up(
        section_front,
        [(slot, make_article(section=section)) for slot in section_slots for _ in range(count)],
    )
    home = assert_page_queries(client, reverse("articles:home"), QUERIES["home page with a front"])
    assert len(home.context["front_slots"]) == count
    assert_page_queries(client, section.get_absolute_url(), QUERIES["section page with a front"])


def test_the_demo_leads_the_home_page_with_the_seed_story(client, seed_article):
    """``load_seed`` (make run) sets up a home front, a lead and top stories, once."""
    import io

    from django.core.management import call_command

    call_command("load_seed", stdout=io.StringIO())
    front = Front.objects.get(section=None)
    assert [slot.title for slot in front.slots.all()] == ["Lead", "Top stories"]
    assert front.lineups.count() == 1
    response = client.get(reverse("articles:home"))
    assert slots_of(response)[0] == ("Lead", [seed_article.headline])
