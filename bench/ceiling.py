"""The 15 KB page both ceilings serve: the bare project's and the one inside Newsroom."""

PARAGRAPH = (
    "<p>The quick brown fox jumps over the lazy dog while the newsroom files its copy, "
    "checks its sources and sends the page to readers.</p>\n"
)
BODY = ("<!DOCTYPE html>\n<title>Ceiling</title>\n" + PARAGRAPH * 200)[: 15 * 1024]
