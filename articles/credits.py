"""
Credit lines as a newsroom writes them, built from byline and attribution rows.

The same functions feed the article page, the author page, the feeds and the structured
data, so a credit reads the same everywhere. There is one joining rule, ``joiners``:
plain text (``join_names``) and linked HTML (``BylineLine.html``) both follow it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.models import Byline

# Punctuation a phrase may end with that the sentence's own period replaces.
TRAILING_PUNCTUATION = " .,;:!?"
DEFAULT_PHRASE = "contributed to this report"
SIGNOFF_MARK = "-"


def clean_text(text) -> str:
    """Runs of whitespace (newlines included) become one space; ends are trimmed."""
    return " ".join(str(text or "").split())


def joiners(names: Sequence[str]) -> list[str]:
    """
    What goes before each name in a series: “A”, “A and B”, “A, B and C”.

    When a name in a series of three or more holds a comma (“Smith, Jones & Co.”), the
    items are set off by semicolons, as wire style does: “A, Inc.; B; and C”. Names are
    never split or rewritten, whatever they contain.
    """
    count = len(names)
    if count <= 1:
        return [""] * count
    if count > 2 and any("," in name for name in names):
        separator, last = "; ", "; and "
    else:
        separator, last = ", ", " and "
    return ["", *([separator] * (count - 2)), last]


def join_names(names: Iterable[str]) -> str:
    """The names as one series, in the order given; empty names are left out."""
    names = [name for name in map(clean_text, names) if name]
    return "".join(joiner + name for joiner, name in zip(joiners(names), names, strict=True))


def clean_phrase(phrase) -> str:
    """A phrase ready to end a sentence: one line, no closing punctuation of its own."""
    return clean_text(phrase).rstrip(TRAILING_PUNCTUATION)


def _row_order(row):
    return (getattr(row, "order", 0), getattr(row, "pk", None) or 0)


def credit_lines(attributions: Iterable) -> list[str]:
    """
    One sentence per phrase, in the order the phrases first appear, names in row order:
    “Reuters and The Associated Press contributed to this report.”

    Rows whose phrases differ only in case or spacing share a sentence; a name given
    twice under one phrase is written once. Every sentence ends with exactly one period.
    """
    groups: dict[str, tuple[str, list[str]]] = {}
    for attribution in sorted(attributions, key=_row_order):
        phrase = clean_phrase(attribution.text_phrase) or DEFAULT_PHRASE
        name = clean_text(attribution.credited_name)
        _, names = groups.setdefault(phrase.casefold(), (phrase, []))
        if name and name not in names:
            names.append(name)
    return [f"{join_names(names)} {phrase}." for phrase, names in groups.values() if names]


@dataclass(frozen=True)
class BylineLine:
    """One role's line: its label (“By”, or “-” when signed off) and its people in order."""

    role: int
    label: str
    people: tuple

    @property
    def names(self) -> str:
        return join_names(person.name for person in self.people)

    @property
    def text(self) -> str:
        return f"{self.label} {self.names}"

    @property
    def html(self) -> SafeString:
        """The line with each name linking to its author page (escaped by format_html)."""
        people = [person for person in self.people if clean_text(person.name)]
        names = [clean_text(person.name) for person in people]
        links = format_html_join(
            "",
            '{}<a href="{}">{}</a>',
            (
                (joiner, person.get_absolute_url(), name)
                for joiner, person, name in zip(joiners(names), people, names, strict=True)
            ),
        )
        return format_html("{} {}", self.label, links)


def byline_lines(bylines: Iterable, *, signoff: bool = False) -> list[BylineLine]:
    """
    One line per role, in role order, people in row order: “By A and B”.

    With ``signoff`` the main line is written as a story's sign-off, “- A and B”; the
    other roles keep their labels.
    """
    rows = sorted(bylines, key=lambda byline: (byline.role, *_row_order(byline)))
    grouped: dict[int, list] = {}
    labels: dict[int, str] = {}
    for byline in rows:
        people = grouped.setdefault(byline.role, [])
        if byline.person not in people:
            people.append(byline.person)
        labels[byline.role] = byline.get_role_display()
    if signoff and Byline.Role.BY in labels:
        labels[Byline.Role.BY] = SIGNOFF_MARK
    return [BylineLine(role, labels[role], tuple(people)) for role, people in grouped.items()]


def picture_credit(photographer=None, agency=None, text="") -> str:
    """
    A picture's credit: the photographer and the agency joined by a slash, else the free
    text. “Jane Doe/Reuters”, “Reuters”, “Jane Doe”, “Courtesy of the NATO Press Office”.
    """
    names = [clean_text(getattr(row, "name", "")) for row in (photographer, agency)]
    return "/".join(name for name in names if name) or clean_text(text)
