"""The photo desk in a real browser: an editor drops a wire photo into the body, sets its
focal point, publishes, and a reader sees the captioned, credited figure."""

import base64
import io
import re

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles.models import Article, Image
from tests.browser.pages import add_inline_row, choose, log_in, save
from tests.helpers import make_organization, make_person, make_section

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
  xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Ministers arrive at NATO headquarters
in Brussels.</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>
<photoshop:Credit>Reuters</photoshop:Credit>
<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">Foreign ministers
walk past a row of flags</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility>
</rdf:Description></rdf:RDF></x:xmpmeta>"""

DROP_FILE = """([name, data]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "image/jpeg" }));
    return transfer;
}"""


def wire_photo():
    out = io.BytesIO()
    PILImage.new("RGB", (900, 600), (40, 90, 160)).save(out, "JPEG", xmp=XMP.encode())
    return base64.b64encode(out.getvalue()).decode()


def test_an_editor_places_a_wire_photo_and_a_reader_sees_it_credited(open_page, editor):
    make_person(name="Jane Doe")
    make_person(name="Alex Writer")
    make_organization(name="Reuters")
    section = make_section(name="World", slug="world")
    page = open_page()
    log_in(page, editor)

    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").press_sequentially("Ministers meet in Brussels")
    choose(page, page.locator("#id_section"), section.name)
    body = page.locator("textarea[name=body]")
    body.fill("Foreign ministers met on Tuesday.")
    transfer = page.evaluate_handle(DROP_FILE, ["wire.jpg", wire_photo()])
    body.dispatch_event("drop", {"dataTransfer": transfer})
    expect(body).to_have_value(re.compile(r"\[\[image:[a-z0-9-]+\]\]"))
    slug = re.search(r"\[\[image:([a-z0-9-]+)\]\]", body.input_value()).group(1)
    # The live preview shows the figure as readers will get it.
    expect(page.locator(".markdownx-preview figure figcaption")).to_contain_text("Jane Doe/Reuters")

    # In another tab, the picture's focal point: a click on the subject.
    image = Image.objects.get(slug=slug)
    assert image.alt_text == "Foreign ministers walk past a row of flags"
    library = open_page()
    log_in(library, editor)
    library.goto(f"/admin/articles/image/{image.pk}/change/")
    picture = library.locator("[data-focal-point] img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.25})
    expect(library.locator("[data-focal-marker]")).to_be_visible()
    assert abs(float(library.locator("#id_focal_x").input_value()) - 0.8) < 0.02
    assert abs(float(library.locator("#id_focal_y").input_value()) - 0.25) < 0.02
    save(library)
    image.refresh_from_db()
    assert (round(image.focal_x, 1), round(image.focal_y, 2)) == (0.8, 0.25)

    byline = add_inline_row(page, "bylines")
    choose(page, byline.locator("select[name$=-person]"), "Alex Writer")
    page.get_by_label("Status").select_option(label="Published")
    save(page)
    article = Article.objects.get(headline="Ministers meet in Brussels")

    reader = open_page()
    reader.goto(article.get_absolute_url())
    figure = reader.locator("article figure.figure")
    expect(figure.locator("figcaption")).to_contain_text(
        "Ministers arrive at NATO headquarters in Brussels."
    )
    expect(figure.locator(".credit")).to_have_text("Jane Doe/Reuters")
    img = figure.locator("img")
    expect(img).to_have_attribute("alt", "Foreign ministers walk past a row of flags")
    img.scroll_into_view_if_needed()
    reader.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle()
    )
