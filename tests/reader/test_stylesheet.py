"""The reader stylesheet: readable without custom properties (IE 11), print styles, contrast."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;{}]+);")


def rules(css):
    """(selector, [(property, value), ...]) for every rule, comments removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        yield selector.strip(), DECLARATION.findall(body)


def test_every_custom_property_use_has_a_plain_fallback_before_it():
    """Browsers without var() (IE 11) keep the declaration just before it."""
    for selector, declarations in rules(CSS):
        for index, (prop, value) in enumerate(declarations):
            if "var(" in value and not prop.startswith("--"):
                previous = declarations[index - 1] if index else ("-", "")
                # The fallback may be the shorthand: border-bottom before border-bottom-color.
                assert prop.startswith(previous[0]), (selector, prop)
                assert "var(" not in previous[1], (selector, prop)


def test_focus_rule_does_not_depend_on_focus_visible():
    """IE 11 drops a whole rule naming an unknown pseudo-class, so :focus stands alone."""
    focus = [selector for selector, _ in rules(CSS) if ":focus" in selector]
    assert any("a:focus" in s and "focus-visible" not in s for s in focus)


def test_there_is_a_print_stylesheet():
    assert "@media print" in CSS


def luminance(hex_color):
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def six_digits(colour):
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def palette():
    found = re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\b", CSS)
    return {name: six_digits(colour) for name, colour in found}


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("ink", "#ffffff"),
        ("muted", "#ffffff"),
        ("accent", "#ffffff"),
        ("#ffffff", "accent"),
        ("notice-ink", "notice-bg"),
        ("#333333", "#ffffff"),  # dek
        ("#ffffff", "#222222"),  # expired-video slate
    ],
)
def test_text_colours_meet_wcag_aa_contrast(foreground, background):
    colours = palette()
    fg = colours.get(foreground, foreground)
    bg = colours.get(background, background)
    assert contrast(fg, bg) >= 4.5
