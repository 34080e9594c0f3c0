"""
Credit lines as a newsroom writes them, built from byline and attribution rows.

The same functions feed the article page, the feeds and the structured data, so a
credit reads the same everywhere.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def join_names(names: Sequence[str]) -> str:
    """“A”, “A and B”, “A, B and C”: names are kept whole, whatever they contain."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def attribution_lines(attributions: Iterable) -> list[str]:
    """
    One sentence per phrase, in the order the phrases first appear:
    “Reuters and The Associated Press contributed to this report.”
    """
    groups: dict[str, list[str]] = {}
    for attribution in attributions:
        groups.setdefault(attribution.text_phrase, []).append(attribution.credited_name)
    return [f"{join_names(names)} {phrase}." for phrase, names in groups.items()]


@dataclass(frozen=True)
class BylineLine:
    role: int
    label: str
    people: tuple

    @property
    def names(self) -> str:
        return join_names([person.name for person in self.people])

    @property
    def text(self) -> str:
        return f"{self.label} {self.names}"


def byline_lines(bylines: Iterable) -> list[BylineLine]:
    """One line per role, in role order, people in row order: “By A and B”."""
    rows = sorted(bylines, key=lambda byline: (byline.role, byline.order, byline.pk or 0))
    grouped: dict[int, list] = {}
    labels: dict[int, str] = {}
    for byline in rows:
        grouped.setdefault(byline.role, []).append(byline.person)
        labels[byline.role] = byline.get_role_display()
    return [BylineLine(role, labels[role], tuple(people)) for role, people in grouped.items()]
