"""Pseudonyms for demo members that read like the ones people choose ("MartaLisbon", "tom_harbour",
"AnnaK"), unique ignoring case for any number of members.

Every first name meets every second part in two spellings; the pool is shuffled once with a fixed
seed, so that neighbours in it look unrelated. Demo member n takes the pool's n-th name, and once
the pool is used up the names come round again with a number ("MartaLisbon2"). No part contains a
digit, so a name with its number can never equal another name.
"""

from __future__ import annotations

import random
from functools import cache
from string import ascii_uppercase


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = words(
    """
Aaliyah Abel Ada Adele Adrian Aiko Aisha Alba Alejandro Alex Alice Amara Amir Ana Andrei Anja Anna
Anouk Arjun Astrid Aziz Beatriz Ben Bianca Bruno Carla Carmen Chiara Chloe Chen Clara Dana Daniel
Dario Dina Elena Elif Eliza Emil Emma Enzo Erik Esther Eva Fatima Felix Femi Filipa Finn Freya Gabriel
Greta Hana Hannah Hugo Ines Ingrid Irene Isaac Ivan Jade Jakob Jana Javier Joao Jonas Julia Kai Karin
Kenji Khadija Kofi Lara Laura Leila Lena Leo Liam Lina Lotte Luca Lucia Luis Mai Malik Marco Maria
Marta Mateo Maya Mei Mia Miguel Mila Milan Mina Moritz Nadia Naomi Nia Nico Nina Noah Nora Olga Omar
Oscar Paula Pedro Priya Rafael Rania Ravi Rosa Ruth Sami Sara Selin Sofia Sven Tariq Tessa Theo Tom
Tomas Uma Valentina Vera Victor Yara Yusuf Zara Zeynep Zoe
"""
)

SECOND_PARTS = words(
    """
Aarhus Alder Amber Aspen Bay Beech Bergen Birch Bloom Brook Cedar Clover Coast Cork Cove Crete Dale
Dawn Delft Dune Elm Fern Field Fjord Ford Galway Garden Gent Glen Granada Grove Harbour Hazel Heath
Hill Holm Isle Ivy Juniper Lagos Lake Larch Leeds Lima Linden Lisbon Lyon Maple Marsh Meadow Minho
Moss Nantes Oak Olive Orchard Oslo Perth Pine Porto Quay Rain River Rowan Sage Shore Sky Sorrel
Spring Stone Sun Tide Tromso Turin Vale Valley Willow Wren York
"""
) + list(ascii_uppercase)


def spellings(first: str, second: str) -> list[str]:
    return [f"{first}{second}", f"{first.lower()}_{second.lower()}"]


@cache
def pseudonym_pool() -> tuple[str, ...]:
    names: dict[str, str] = {}
    for first in FIRST_NAMES:
        for second in SECOND_PARTS:
            for name in spellings(first, second):
                names.setdefault(name.casefold(), name)
    pool = sorted(names.values())
    random.Random("diseasemaps-demo-pseudonyms").shuffle(pool)
    return tuple(pool)


def demo_pseudonym(number: int) -> str:
    """The pseudonym of demo member `number` (1, 2, ...): unique ignoring case, at most 40 characters."""
    pool = pseudonym_pool()
    round_, index = divmod(number - 1, len(pool))
    return pool[index] + (str(round_ + 1) if round_ else "")
