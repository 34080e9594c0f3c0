"""Newsroom's production settings plus the in-project ceiling view, for the benchmark only."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
