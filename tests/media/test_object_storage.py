"""
Media in object storage: with the S3 storage, a picture uploaded in the admin and its
renditions go to an S3-compatible server (moto's, run on 127.0.0.1 for the test), the
article page links to them there, and they read back as pictures. Pages find renditions
on the picture's row: no request ever lists the bucket, and showing a page asks the store
for nothing.
"""

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article, Image
from tests.helpers import CHROME_UA, add_byline, form_data, jpeg_bytes, login, make_article

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

BUCKET = "newsroom-media"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3-compatible server on a free local port, stopped after the module."""
    pytest.importorskip("moto.server", reason="needs moto[server] (pip install -e '.[test]')")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (moto from this environment, fixed arguments)
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None, "moto's server exited"
                assert time.monotonic() < deadline, "moto's server did not start"
                time.sleep(0.2)
        yield endpoint
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


@pytest.fixture
def s3_media(settings, s3_endpoint):
    """The default storage is the bucket; returns the S3 operations sent, by name."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
                **CREDENTIALS,
            },
        },
    }
    client = default_storage.connection.meta.client
    if BUCKET not in {bucket["Name"] for bucket in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=BUCKET)
        # Readers fetch pictures straight from the bucket, as its owner would allow.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    sent = Counter()

    def count(event_name, **kwargs):
        sent[event_name.rsplit(".", 1)[-1]] += 1

    client.meta.events.register("before-send.s3", count)
    yield sent
    client.meta.events.unregister("before-send.s3", count)


def picture_urls(html):
    urls = set(re.findall(r'<img[^>]* src="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls |= {entry.strip().split(" ")[0] for entry in srcset.split(",")}
    return urls


def test_an_upload_through_the_admin_is_served_from_the_bucket(client, s3_media, s3_endpoint):
    """The picture and its renditions land in the bucket; the page's pictures read back
    from it; nothing lists the bucket, and rendering the page sends it no request."""
    login(client, "editor")
    add_url = reverse("admin:articles_image_add")
    data = form_data(client.get(add_url))
    data["alt_text"] = "Ministers arrive at NATO headquarters"
    data["file"] = io.BytesIO(jpeg_bytes(size=(1400, 800)))
    data["file"].name = "summit.jpg"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get(alt_text="Ministers arrive at NATO headquarters")
    assert s3_media["PutObject"] >= 1 + 8, "the upload and its renditions were not stored"
    assert not {name for name in s3_media if name.startswith("List")}, s3_media
    assert image.file.name.startswith("images/")
    stored = default_storage.connection.meta.client.list_objects_v2(Bucket=BUCKET)
    names = {entry["Key"] for entry in stored["Contents"]}
    assert image.file.name in names
    assert {entry["file"] for entry in image.rendition_index["renditions"]} <= names

    article = make_article(headline="Talks open in Brussels", lead_image=image)
    add_byline(article)
    assert Article.objects.published().filter(pk=article.pk).exists()
    client.logout()
    s3_media.clear()
    html = client.get(article.get_absolute_url(), HTTP_USER_AGENT=CHROME_UA).content.decode()
    assert not s3_media, "the page asked the store for something"
    urls = picture_urls(html)
    assert len(urls) >= 4
    for url in urls:
        assert url.startswith(f"{s3_endpoint}/{BUCKET}/"), url
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (moto, local)
            picture = PILImage.open(io.BytesIO(answer.read()))
            assert picture.format in {"JPEG", "WEBP"}
            assert picture.width <= 1280
