"""IPTC and XMP fill a new picture's fields; none of it is stored or served."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.media import renditions
from articles.media.metadata import MetadataError, read_metadata
from articles.models import Image
from tests.helpers import login, make_organization, make_person

pytestmark = pytest.mark.django_db

XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
  xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
  xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
<photoshop:Credit>{credit}</photoshop:Credit>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Reuters</rdf:li></rdf:Alt></dc:rights>
<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Editorial use only</rdf:li>
</rdf:Alt></xmpRights:UsageTerms>
<photoshop:DateCreated>2026-07-09T10:30:00+02:00</photoshop:DateCreated>
<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">Two ministers shake
hands</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def iptc_segment(fields, extra=b""):
    """An APP13 (Photoshop 3.0) segment holding IPTC IIM datasets of record 2, then the
    raw bytes ``extra``."""
    data = b"".join(
        bytes([0x1C, 2, dataset]) + len(value).to_bytes(2, "big") + value
        for dataset, value in fields.items()
    )
    data += extra
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\0\0" + len(data).to_bytes(4, "big")
    resource += data + (b"\0" if len(data) % 2 else b"")
    body = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body


def photo(iptc=None, xmp=None, size=(120, 80)):
    out = io.BytesIO()
    options = {"xmp": xmp.encode()} if xmp is not None else {}
    PILImage.new("RGB", size, (90, 120, 150)).save(out, "JPEG", **options)
    content = out.getvalue()
    if iptc is not None:
        content = content[:2] + iptc_segment(iptc) + content[2:]
    return content


def upload(content, name="wire.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


IPTC = {
    120: b"NATO ministers meet in Brussels.",
    80: b"Yves Herman",
    110: b"Reuters",
    116: b"(c) Reuters 2026",
    55: b"20260709",
    60: b"103000+0000",
}


def test_iptc_fields_are_read():
    found = read_metadata(upload(photo(iptc=IPTC)))
    assert found.caption == "NATO ministers meet in Brussels."
    assert (found.creator, found.credit) == ("Yves Herman", "Reuters")
    assert found.copyright_notice == "(c) Reuters 2026"
    assert found.taken_at.isoformat() == "2026-07-09T10:30:00+00:00"


def test_xmp_fields_are_read_and_win_over_iptc():
    xmp = XMP.format(caption="Ministers in Brussels.", creator="Jane Doe", credit="Reuters")
    found = read_metadata(upload(photo(iptc=IPTC, xmp=xmp)))
    assert found.caption == "Ministers in Brussels."
    assert found.creator == "Jane Doe"
    assert found.usage_terms == "Editorial use only"
    assert found.copyright_notice == "© 2026 Reuters"
    assert found.alt_text == "Two ministers shake hands"
    assert found.taken_at.isoformat() == "2026-07-09T10:30:00+02:00"


def test_a_damaged_xmp_block_is_reported():
    with pytest.raises(MetadataError, match="XMP block is damaged"):
        read_metadata(upload(photo(xmp="<x:xmpmeta><rdf:RDF><unclosed")))


def test_library_upload_fills_fields_and_matches_people_and_organizations(client):
    jane = make_person(name="Jane Doe")
    reuters = make_organization(name="Reuters")
    login(client, "editor")
    xmp = XMP.format(caption="Ministers in Brussels.", creator="jane doe", credit="REUTERS")
    response = client.post(
        reverse("admin:articles_image_add"),
        {"file": upload(photo(xmp=xmp)), "alt_text": "Ministers", "focal_x": "", "focal_y": ""},
        follow=True,
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert image.caption == "Ministers in Brussels."
    assert (image.photographer, image.agency) == (jane, reuters)
    assert image.credit_line == "Jane Doe/Reuters"
    assert image.copyright_notice == "© 2026 Reuters"
    assert image.usage_terms == "Editorial use only"
    assert image.alt_text == "Ministers"  # what the editor typed wins
    assert "Filled in from the picture" in response.content.decode()


def test_unmatched_credit_is_kept_as_free_text(client):
    login(client, "editor")
    xmp = XMP.format(caption="A caption.", creator="Unknown Shooter", credit="Tiny Agency")
    client.post(
        reverse("admin:articles_image_add"), {"file": upload(photo(xmp=xmp)), "alt_text": "A"}
    )
    image = Image.objects.get()
    assert image.photographer is None and image.agency is None
    assert image.credit_line == "Unknown Shooter/Tiny Agency"


def test_an_empty_iptc_dataset_reads_as_no_value():
    """A dataset whose length says "extended, zero bytes" is None to Pillow."""
    empty_time = bytes([0x1C, 2, 60, 0x80, 0x00])
    content = photo()
    segment = iptc_segment({120: b"A caption.", 55: b"20260709"}, extra=empty_time)
    found = read_metadata(upload(content[:2] + segment + content[2:]))
    assert found.caption == "A caption." and found.taken_at is not None


NESTED_XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/">' + "<a>" * 5000 + "</a>" * 5000 + "</x:xmpmeta>"


def test_an_xmp_block_nested_too_deep_is_reported_as_damaged():
    with pytest.raises(MetadataError, match="XMP block is damaged"):
        read_metadata(upload(photo(xmp=NESTED_XMP)))


def test_an_xmp_block_nested_too_deep_keeps_the_editor_upload(client):
    """A 400 or a note, never a server error: the picture is kept with the note."""
    login(client, "reporter")
    response = client.post(
        "/admin/markdownx/upload/",
        {"image": upload(photo(xmp=NESTED_XMP))},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    assert "XMP block is damaged" in response.json()["note"]
    assert Image.objects.count() == 1


def test_damaged_metadata_keeps_the_picture_with_a_warning(client):
    login(client, "editor")
    response = client.post(
        reverse("admin:articles_image_add"),
        {"file": upload(photo(xmp="<x:xmpmeta><rdf:RDF><unclosed")), "alt_text": "Kept"},
        follow=True,
    )
    assert response.status_code == 200
    assert "XMP block is damaged" in response.content.decode()
    assert Image.objects.get().alt_text == "Kept"


def test_editor_drop_zone_upload_fills_alt_text_from_xmp(client):
    make_organization(name="Reuters")
    login(client, "reporter")
    xmp = XMP.format(caption="A caption.", creator="", credit="Reuters")
    response = client.post(
        "/admin/markdownx/upload/",
        {"image": upload(photo(xmp=xmp))},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert image.alt_text == "Two ministers shake hands"
    assert image.credit_line == "Reuters"
    assert response.json()["image_code"].strip() == f"[[image:{image.slug}]]"


def test_no_metadata_in_any_served_file():
    """Neither the stored picture nor any rendition carries IPTC, XMP, EXIF or comments."""
    xmp = XMP.format(caption="Secret caption", creator="Jane Doe", credit="Reuters")
    image = Image.objects.create(
        file=upload(photo(iptc=IPTC, xmp=xmp, size=(700, 400))), alt_text="Clean"
    )
    files = [image.file] + [rendition.file for rendition in renditions.prepare(image)]
    for stored in files:
        stored.open("rb")
        content = stored.read()
        stored.close()
        assert b"Photoshop 3.0" not in content and b"8BIM" not in content
        assert b"xmpmeta" not in content and b"Secret caption" not in content
        assert b"Yves Herman" not in content and b"Exif" not in content
