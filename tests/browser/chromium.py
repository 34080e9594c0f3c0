"""Where the browser tests find Chromium, and what they do when it is missing."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Debian's build, never a downloaded one; no network chatter, no first-run screens.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
INSTALL_HINT = "sudo apt-get install chromium chromium-driver"
REQUIRE_VARIABLE = "NEWSROOM_REQUIRE_BROWSER"


def missing_browser(path, environ):
    """
    None when Chromium is at ``path``; otherwise ("skip", message), or ("fail", message)
    when the environment requires the browser tests to run.
    """
    if Path(path).is_file():
        return None
    message = f"the browser tests need Chromium at {path}; install it with `{INSTALL_HINT}`"
    if environ.get(REQUIRE_VARIABLE) == "1":
        return "fail", f"{message} ({REQUIRE_VARIABLE}=1 makes its absence a failure)"
    return "skip", message
