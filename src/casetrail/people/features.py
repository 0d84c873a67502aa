"""Pure: a person's details as typed, and the folded features that matching compares.

`PersonDetails` is what intake and import know about someone; `Features` is
the compact, JSON-ready form stored beside each person and compared at match time.
"""

from __future__ import annotations

from dataclasses import dataclass

from casetrail.people import normalise


@dataclass(frozen=True, slots=True)
class Address:
    line: str = ""
    town: str = ""
    postcode: str = ""


@dataclass(frozen=True, slots=True)
class PersonDetails:
    given_name: str = ""
    surname: str = ""
    # Aliases and previous names, each a whole name ("Jo Smith", "Joanne Brown").
    other_names: tuple[str, ...] = ()
    # As typed; "YYYY-MM-DD" is expected, other readable forms are accepted.
    birth_date: str = ""
    # The most recent first.
    addresses: tuple[Address, ...] = ()
    # (scheme, value), e.g. ("nhs", "943 476 5919") or ("pnc", "12/345678A").
    identifiers: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_name.strip(), self.surname.strip()) if part)


@dataclass(frozen=True, slots=True)
class Features:
    given: str = ""  # the first given name
    givens: tuple[str, ...] = ()  # every given and middle name, from every name
    groups: tuple[str, ...] = ()  # the formal names those may stand for (nicknames)
    surname: str = ""  # the surname, its parts joined: "smithjones"
    surnames: tuple[str, ...] = ()  # every surname, joined and in parts, current and previous
    birth: str = ""  # YYYYMMDD or ""
    postcodes: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()

    def to_json(self) -> list:
        """A short list, not a dict: a million of these are stored and read back."""
        return [
            self.given, list(self.givens), list(self.groups), self.surname, list(self.surnames),
            self.birth, list(self.postcodes), list(self.lines), list(self.towns), list(self.ids),
        ]  # fmt: skip

    @classmethod
    def from_json(cls, data: list) -> Features:
        given, givens, groups, surname, surnames, birth, postcodes, lines, towns, ids = data
        return cls(
            given, tuple(givens), tuple(groups), surname, tuple(surnames),
            birth, tuple(postcodes), tuple(lines), tuple(towns), tuple(ids),
        )  # fmt: skip


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def features_of(details: PersonDetails) -> Features:
    given_tokens = normalise.name_tokens(details.given_name)
    surname_tokens = normalise.name_tokens(details.surname)
    givens, surnames = list(given_tokens), _surname_forms(surname_tokens)
    for other in details.other_names:
        other_given, other_surname = normalise.full_name_split(other)
        givens += normalise.name_tokens(other_given)
        surnames += _surname_forms(normalise.name_tokens(other_surname))
    groups = [group for token in givens for group in sorted(normalise.name_groups(token))]
    postcodes = [normalise.postcode_fold(address.postcode) for address in details.addresses]
    return Features(
        given=given_tokens[0] if given_tokens else "",
        givens=_unique(givens),
        groups=_unique(groups),
        surname="".join(surname_tokens),
        surnames=_unique(surnames),
        birth=normalise.birth_digits(details.birth_date),
        postcodes=_unique(postcodes),
        lines=_unique(normalise.fold(address.line) for address in details.addresses),
        towns=_unique(normalise.fold(address.town) for address in details.addresses),
        ids=_unique(
            normalise.identifier_fold(scheme, value)
            for scheme, value in details.identifiers
            if value.strip()
        ),
    )


def _surname_forms(tokens: tuple[str, ...]) -> list[str]:
    """ "smith jones" is "smithjones", "smith" and "jones": a double-barrelled name is often cut."""
    joined = "".join(tokens)
    return [joined, *(token for token in tokens if len(token) > 1 and token != joined)]
