"""The synthetic newsroom: valid rows, rendered bodies, every kind of video window, repeatable."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from articles.markdown import markdown_to_html
from articles.models import Article, Attribution, Byline, Organization, Person, Video


def generate(articles, seed=7):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate_newsroom", articles=articles, seed=seed, batch_size=25, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_generated_articles_have_credits_and_rendered_bodies():
    """Every article has a byline and a body_html equal to what saving it would render."""
    out, err = generate(60)
    assert "Generated 60 articles" in out
    assert "60/60 articles" in err
    assert Article.objects.count() == 60
    for article in Article.objects.all():
        assert article.body_html == markdown_to_html(article.body)
        assert article.unknown_video_references() == []
        assert article.bylines.filter(role=Byline.Role.BY).exists()
        expected = set(
            Video.objects.filter(slug__in=article.video_references()).values_list("pk", flat=True)
        )
        if article.lead_video_id:
            expected.add(article.lead_video_id)
        assert set(article.videos.values_list("pk", flat=True)) == expected
    assert Attribution.objects.exists()


@pytest.mark.django_db
def test_generated_newsroom_mixes_published_and_unpublished_stories_over_years():
    generate(200)
    published = Article.objects.published()
    assert 150 < published.count() < 200
    assert (
        Article.objects.scheduled().exists() or Article.objects.exclude(status="published").exists()
    )
    years = {article.published_at.year for article in published}
    assert len(years) >= 5


@pytest.mark.django_db
def test_generated_videos_cover_every_rights_state():
    """Open, expiring, expired, embargoed and taken-down videos all occur."""
    generate(400)
    states = {video.state() for video in Video.objects.all()}
    assert states == set(Video.State.values), states
    assert Video.objects.expiring_within(timedelta(days=90)).exists()


def snapshot():
    return (
        list(Article.objects.order_by("pk").values_list("headline", "section__slug", "body")),
        list(Byline.objects.order_by("pk").values_list("person__slug", "role")),
    )


@pytest.mark.django_db
def test_same_seed_makes_the_same_newsroom():
    generate(40, seed=3)
    first = snapshot()
    Article.objects.all().delete()
    Person.objects.all().delete()
    Video.objects.all().delete()
    Organization.objects.all().delete()
    generate(40, seed=3)
    assert snapshot() == first


@pytest.mark.django_db
def test_a_seed_cannot_be_generated_twice_into_one_database():
    generate(5, seed=9)
    with pytest.raises(CommandError, match="already generated"):
        generate(5, seed=9)
    generate(5, seed=10)
    assert Article.objects.count() == 10
