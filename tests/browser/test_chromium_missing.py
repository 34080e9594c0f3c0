"""What the browser tests do on a machine without Chromium."""

from tests.browser.chromium import missing_browser


def test_a_present_browser_needs_nothing(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    assert missing_browser(chromium, {"NEWSROOM_REQUIRE_BROWSER": "1"}) is None


def test_a_missing_browser_skips_with_the_install_command(tmp_path):
    outcome, message = missing_browser(tmp_path / "chromium", {})
    assert outcome == "skip"
    assert "apt-get install chromium chromium-driver" in message


def test_a_missing_browser_fails_where_the_browser_is_required(tmp_path):
    outcome, message = missing_browser(tmp_path / "chromium", {"NEWSROOM_REQUIRE_BROWSER": "1"})
    assert outcome == "fail"
    assert "apt-get install chromium chromium-driver" in message
    assert missing_browser(tmp_path / "chromium", {"NEWSROOM_REQUIRE_BROWSER": "0"})[0] == "skip"
