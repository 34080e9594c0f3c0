"""Every crop keeps the focal point in frame; moving it makes the crops again."""

import io

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from articles.delivery import changes
from articles.media import renditions
from articles.media.renditions import focal_crop
from tests.helpers import form_data, login, make_article, make_image

pytestmark = pytest.mark.django_db

RED = (220, 0, 0)


def picture_with_a_red_corner():
    """A wide grey picture with a red patch near its bottom-right corner."""
    picture = PILImage.new("RGB", (800, 400), (128, 128, 128))
    picture.paste(RED, (740, 340, 780, 380))  # centred on (0.95, 0.9)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def has_red(rendition):
    with rendition.file.open("rb") as stored, PILImage.open(stored) as crop:
        red = crop.convert("RGB")
        colours = red.getcolors(maxcolors=red.width * red.height)
        return any(r > 180 and g < 60 and b < 60 for _, (r, g, b) in colours)


@pytest.mark.parametrize(
    ("size", "target", "point"),
    [
        ((800, 400), (1, 1), (0.95, 0.9)),
        ((400, 800), (1200, 630), (0.02, 0.98)),
        ((800, 400), (1200, 630), (0.5, 0.5)),
        ((100, 100), (1, 1), (1, 0)),
    ],
)
def test_the_crop_box_holds_the_point(size, target, point):
    left, top, right, bottom = focal_crop(size, target, point)
    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    x, y = point[0] * size[0], point[1] * size[1]
    assert left <= x <= right and top <= y <= bottom


def test_crops_keep_a_focal_point_near_a_corner_in_frame():
    centred = make_image(picture_with_a_red_corner())
    assert not has_red(renditions.square(centred, 96))  # a centred square cuts it off
    cornered = make_image(picture_with_a_red_corner(), focal_x=0.95, focal_y=0.9)
    for size in renditions.SQUARE_SIZES:
        assert has_red(renditions.square(cornered, size))
    assert has_red(renditions.social(cornered))


def test_moving_the_point_in_the_admin_remakes_the_crops_and_stales_its_pages(client):
    image = make_image(picture_with_a_red_corner())
    story = make_article(lead_image=image)
    before = renditions.square(image, 96).file.name
    login(client, "editor")
    url = reverse("admin:articles_image_change", args=[image.pk])
    data = form_data(client.get(url))
    data.update(focal_x="0.95", focal_y="0.9")
    assert client.post(url, data).status_code == 302
    image.refresh_from_db()
    after = renditions.square(image, 96)
    assert after.file.name != before and has_red(after)
    assert f"image:{image.pk}" in changes.keys_of(image)
    assert f"image:{image.pk}" in client.get(story.get_absolute_url())["Surrogate-Key"]


@pytest.mark.parametrize("value", ["1.5", "-0.1", "left"])
def test_a_focal_point_outside_the_picture_is_a_form_error(client, value):
    image = make_image(alt_text="Kept words")
    login(client, "editor")
    url = reverse("admin:articles_image_change", args=[image.pk])
    data = form_data(client.get(url))
    data.update(focal_x=value, caption="A caption typed now")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "focal_x" in errors
    assert "A caption typed now" in response.content.decode()


def test_the_admin_form_offers_the_click_to_set_picker(client):
    image = make_image()
    login(client, "editor")
    html = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()
    assert "data-focal-point" in html and 'data-focal-axis="x"' in html
    assert "js/focal-point.js" in html
