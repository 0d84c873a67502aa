"""Pure: the blocking keys that find a person's likely candidates without comparing everyone.

Each key is a short code two records of one person are likely to share even
when other fields differ: the same date of birth (day and month in either
order) and initial, names that sound alike, the same postcode, an identifier.
Keys are stored as 64-bit numbers in an indexed table; a new person is compared
only with those who share at least one of its keys.
"""

from __future__ import annotations

from functools import lru_cache
from hashlib import blake2b

import jellyfish

from casetrail.people.features import Features


@lru_cache(maxsize=1 << 16)
def _sound(name: str) -> str:
    return jellyfish.metaphone(name)[:6] if name.isalpha() else name


def _birth_either_way(birth: str) -> str:
    """The date with its day and month in a fixed order, so a swapped date shares the key."""
    low, high = sorted((birth[4:6], birth[6:]))
    return f"{birth[:4]}{low}{high}"


# Keys are made from at most this many of each: names multiply with names, so a person
# with a long list of aliases (or a row of a hundred words) would otherwise bring
# thousands of keys. The first ones are kept: the current name, then aliases as given.
KEYED_OF_EACH = 12


def blocking_codes(features: Features) -> set[str]:
    codes: set[str] = set()
    givens = [name for name in dict.fromkeys((features.given, *features.groups)) if name]
    givens = givens[:KEYED_OF_EACH]
    surnames = features.surnames[:KEYED_OF_EACH]
    postcodes = features.postcodes[:KEYED_OF_EACH]
    ids = features.ids[:KEYED_OF_EACH]
    # Initials and sounds of every name, in either order: a given name and surname are
    # often written the wrong way round.
    initials = {name[0] for name in givens} | {name[0] for name in surnames}
    if features.birth:
        birth = _birth_either_way(features.birth)
        codes |= {f"b{birth}:{initial}" for initial in initials}
        # Born the same day at the same address: a changed or garbled name.
        codes |= {f"b{birth}p{postcode}" for postcode in postcodes}
    for surname in surnames:
        sound = _sound(surname)
        codes |= {"n" + ":".join(sorted((sound, _sound(given)))) for given in givens}
        if features.birth:
            codes |= {f"y{sound}:{features.birth[:4]}{initial}" for initial in initials}
    for postcode in postcodes:
        codes |= {f"p{postcode}:{initial}" for initial in initials}
    codes |= {f"i{identifier}" for identifier in ids}
    # The same characters in another order: two digits of a number swapped.
    codes |= {"j" + "".join(sorted(identifier)) for identifier in ids}
    return codes


def key_number(code: str) -> int:
    """A code as a signed 64-bit number: smaller to store and faster to look up than text."""
    return int.from_bytes(blake2b(code.encode(), digest_size=8).digest(), "big", signed=True)


def blocking_keys(features: Features) -> list[int]:
    return sorted(key_number(code) for code in blocking_codes(features))
