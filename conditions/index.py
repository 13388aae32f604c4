"""The A–Z index: conditions grouped under their first letter."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class LetterGroup:
    letter: str
    conditions: list = field(default_factory=list)


def group_by_initial(conditions: Iterable) -> list[LetterGroup]:
    groups: dict[str, LetterGroup] = {}
    for condition in conditions:
        groups.setdefault(condition.initial, LetterGroup(condition.initial)).conditions.append(condition)
    return sorted(groups.values(), key=lambda group: (group.letter == "#", group.letter))


def alphabet(groups: list[LetterGroup]) -> list[tuple[str, bool]]:
    """Every letter A–Z (and # if used), with whether any condition starts with it."""
    present = {group.letter for group in groups}
    letters = list(string.ascii_uppercase) + (["#"] if "#" in present else [])
    return [(letter, letter in present) for letter in letters]
