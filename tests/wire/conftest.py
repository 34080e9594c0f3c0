import shutil
from pathlib import Path

import pytest

from tests.helpers import make_organization, make_section

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def drop(settings, tmp_path):
    """A drop folder the site is configured with, holding copies of the sample files."""
    folder = tmp_path / "drop"
    folder.mkdir()
    for sample in SAMPLES.iterdir():
        if sample.is_file():
            shutil.copy(sample, folder / sample.name)
    settings.NEWSROOM_WIRE_FOLDERS = [str(folder)]
    return folder


@pytest.fixture
def agency(db):
    return make_organization(name="Wire Agency", slug="wire-agency")


@pytest.fixture
def world(db):
    return make_section(name="World", slug="world")
