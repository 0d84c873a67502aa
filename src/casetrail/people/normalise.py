"""Pure: how names, dates of birth, postcodes and identifiers are folded for comparison.

What was typed is always kept beside the folded form; these functions only make
the forms that matching compares, and never fail on odd input.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from unidecode import unidecode

# Titles and suffixes that say nothing about who someone is.
_NOISE = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "jr", "sr", "ii", "iii"})
# What older systems type where a name is not known: a name no one has, not a name shared.
_PLACEHOLDER_NAMES = frozenset(
    {"unknown", "not known", "nk", "n k", "n a", "none", "no name", "unk", "tbc",
     "anon", "anonymous", "unnamed", "not given", "not stated", "null"}
)  # fmt: skip
# Dates of birth typed where none is known, and no one living was born on.
_PLACEHOLDER_BIRTHS = frozenset({"00010101", "18000101", "19000101", "19010101"})
# A time after a date ("2005-06-07 00:00:00", "1999-03-03T00:00:00Z"), as databases export.
_TIME_OF_DAY = re.compile(r"[T\s]+\d{1,2}:\d{2}.*$")
# The typewriter apostrophe, the typographic one (U+2019), the backtick and the acute accent.
_APOSTROPHES = re.compile("['\u2019`\u00b4]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# A UK postcode without its space: area, district, then sector digit and unit letters.
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")


# Folding is most of what an import does to a record, and a file repeats its names, towns,
# dates and postcodes many times over: each distinct text is folded once, up to this many.
_REMEMBERED = 1 << 16


@lru_cache(maxsize=_REMEMBERED)
def fold(text: str) -> str:
    """Lower-case ASCII words: accents dropped, other scripts transliterated, punctuation gone.

    "O'Brien" folds to "obrien" and "Smith-Jones" to "smith jones", so both
    spellings of a name agree with the other.
    """
    ascii_text = unidecode(text or "").lower()
    return " ".join(_NOT_ALNUM.sub(" ", _APOSTROPHES.sub("", ascii_text)).split())


@lru_cache(maxsize=_REMEMBERED)
def name_tokens(text: str) -> tuple[str, ...]:
    folded = fold(text)
    if folded in _PLACEHOLDER_NAMES:
        return ()
    return tuple(token for token in folded.split() if token not in _NOISE)


def full_name_split(text: str) -> tuple[str, str]:
    """A name typed in one box, as (given names, surname).

    "SMITH, John Paul" puts the surname first; otherwise the last word is the
    surname. A single word may be either, so it is both.
    """
    if "," in text:
        surname, _, given = text.partition(",")
        return given.strip(), surname.strip()
    words = text.split()
    if len(words) == 1:
        return words[0], words[0]
    return " ".join(words[:-1]), words[-1] if words else ""


NICKNAMES = Path(__file__).with_name("nicknames.txt")


@cache
def _nickname_groups() -> dict[str, frozenset[str]]:
    """Each name in nicknames.txt, with the groups (named by their first formal name) it is in."""
    groups: defaultdict[str, set[str]] = defaultdict(set)
    for line in NICKNAMES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        formal, _, short = line.partition("|")
        names = [*formal.split(), *short.split()]
        for name in names:
            groups[name].add(names[0])
    return {name: frozenset(found) for name, found in groups.items()}


@cache
def name_groups(given: str) -> frozenset[str]:
    """The groups a given name is in, and the name itself: "bill" -> {bill, william},
    "kate" -> {kate, catherine}, "katherine" -> {katherine, catherine}."""
    return frozenset({given, *_nickname_groups().get(given, ())})


@lru_cache(maxsize=_REMEMBERED)
def birth_digits(typed: str) -> str:
    """A date of birth as eight digits YYYYMMDD, or "" when no date can be read.

    Impossible dates ("1990-02-30") keep their digits: a typed mistake still
    matches the same mistake, or the real date one digit away.
    """
    digits = re.findall(r"\d+", _TIME_OF_DAY.sub("", typed.strip()) if typed else "")
    if len(digits) == 1 and len(digits[0]) == 8:
        year, month, day = digits[0][:4], digits[0][4:6], digits[0][6:]
    elif len(digits) == 3 and len(digits[0]) == 4:
        year, month, day = digits
    elif len(digits) == 3 and len(digits[2]) == 4:
        day, month, year = digits  # as the UK writes it: 27/03/2007
    else:
        return ""
    if not (len(month) <= 2 and len(day) <= 2 and 1 <= int(month) <= 31 and int(day) <= 31):
        return ""
    read = f"{int(year):04d}{int(month):02d}{int(day):02d}"
    return "" if read in _PLACEHOLDER_BIRTHS else read


def birth_date(typed: str) -> date | None:
    """The date itself, when the typed date is a real one."""
    digits = birth_digits(typed)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:])) if digits else None
    except ValueError:
        return None


def birth_swapped(digits: str) -> str:
    """The same date with day and month exchanged (03/04 read as 04/03)."""
    return f"{digits[:4]}{digits[6:]}{digits[4:6]}" if digits else ""


@lru_cache(maxsize=_REMEMBERED)
def postcode_fold(typed: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", unidecode(typed or "").upper())


def postcode_parts(folded: str) -> tuple[str, str]:
    """(district, sector) of a UK postcode, e.g. ("SW1A", "SW1A1"); ("", "") for any other."""
    found = _UK_POSTCODE.match(folded)
    if not found:
        return "", ""
    return found.group(1), found.group(1) + found.group(2)


def is_uk_postcode(typed: str) -> bool:
    return bool(_UK_POSTCODE.match(postcode_fold(typed)))


def is_nhs_number(typed: str) -> bool:
    """Ten digits, however spaced: what the referral form and the API accept."""
    digits = "".join(typed.split())
    return digits.isdigit() and len(digits) == 10


def identifier_fold(scheme: str, value: str) -> str:
    """ "nhs:9434765919": the scheme, then the value without spaces or punctuation."""
    return f"{fold(scheme).replace(' ', '_')}:{_NOT_ALNUM.sub('', unidecode(value).lower())}"
