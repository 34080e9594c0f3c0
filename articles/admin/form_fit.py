"""
The article form fits the work: a full-width headline, and the length of the headline,
dek and search-engine fields against the limits that matter.

Each counted field carries its limit in ``data-count-limit``; ``static/js/counters.js``
shows "42 of 70 characters" under it as it is typed. Without JavaScript the help text
says the same limit in words.
"""

# Field: (characters shown in full, where). Search engines cut titles at about 60-70
# characters and descriptions at about 155-160; a dek is read as one sentence.
COUNTED = {
    "headline": (70, "Search results and social cards show about the first 70 characters."),
    "dek": (200, "Keep it to one sentence of about 200 characters."),
    "seo_title": (60, "Search engines show about the first 60 characters."),
    "seo_description": (155, "Search engines show about the first 155 characters."),
}
WIDE = ("headline", "slug", "seo_title")


def fit(formfield, name):
    """Widen the field named ``name`` and give it its counter, where the lists say so."""
    if name in WIDE:
        formfield.widget.attrs["class"] = "vLargeTextField wide-input"
    if name in COUNTED:
        limit, advice = COUNTED[name]
        formfield.widget.attrs["data-count-limit"] = str(limit)
        formfield.help_text = f"{formfield.help_text} {advice}".strip()
