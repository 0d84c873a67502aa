"""Seeded synthetic UK people for the linkage benchmark: base people and corrupted duplicates.

`python benchmarks/synthetic_people.py N OUT.csv [--truth TRUTH.csv]` writes about N records.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from linkage_data import Record, write_import_csv
from unidecode import unidecode

# Vocabulary ----------------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> list[str]:
    """The entries of a block of text: long word lists read better as prose than as literals."""
    return [entry.strip() for entry in text.split(sep) if entry.strip()]


# Each list runs roughly from common to rare, because draws weight by rank.

FEMALE = _words(
    """
Margaret Susan Sarah Elizabeth Emma Patricia Helen Julie Karen Jennifer Claire Linda
Jacqueline Nicola Deborah Amanda Lisa Louise Rebecca Laura Jessica Sophie Charlotte Hannah
Emily Lucy Olivia Amelia Grace Chloe Katherine Catherine Joanne Michelle Christine Barbara
Janet Mary Jean Sandra Carol Ann Anne Alison Gillian Rachel Victoria Samantha Kelly Natalie
Gemma Hayley Kirsty Stephanie Danielle Jade Megan Holly Ellie Lauren Amy Abigail Isabella Mia
Ava Lily Evie Isla Freya Poppy Ruby Daisy Jasmine Zoë Chloë Siân Niamh Aoife Eilidh Bethan
Catrin Rhiannon Fiona Morag Shona Wendy Pauline Brenda Sheila Doreen Joan Dorothy Valerie
Maureen Irene Eileen Kathleen Rose Frances Teresa Angela Tracey Donna Dawn Andrea Heather
Lorraine Caroline Diane Yvonne Shirley Beverley Priya Aisha Fatima Amira Zainab Maryam Anjali
Sunita Mei Agnieszka Katarzyna Ewa Oksana
"""
)

MALE = _words(
    """
David John Paul Michael Andrew Mark James Peter Richard Robert Stephen Christopher Ian Thomas
William Daniel Matthew Anthony Simon Gary Steven Kevin Alan Brian Martin Neil Graham Colin
Keith Kenneth Derek Raymond Ronald Dennis Terence Roy Trevor Barry Philip Nigel Stuart Darren
Lee Craig Jason Wayne Carl Dean Scott Adam Jonathan Benjamin Samuel Joseph Jack Oliver Harry
George Charlie Jacob Alfie Noah Oscar Leo Freddie Archie Joshua Luke Ryan Liam Connor Callum
Kieran Jamie Nathan Aaron Owen Rhys Dylan Ewan Fraser Hamish Angus Alistair Gareth Dafydd Huw
Niall Seán Ciarán Patrick Francis Edward Henry Arthur Albert Frederick Ernest Harold Stanley
Leonard Mohammed Muhammad Ahmed Ali Imran Hassan Omar Yusuf Rajesh Sanjay Arjun Wei Piotr
Tomasz Krzysztof Andrei
"""
)

SURNAMES = _words(
    """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter
Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson
Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt
Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker
Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson
Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West
Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry
Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter
Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding
Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates
Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren
Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper
Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne
Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis
Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson
Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton
Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt
Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks
French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd Barlow Peters
Lucas Knowles Hartley Miah Simmons Morton Alexander Field Morrison Norris Townsend Preston
Hancock Thornton Baldwin Burrows Briggs Storey Pope Hale MacDonald McKenzie Mackenzie MacLeod
McLean O'Sullivan O'Reilly McGregor MacKay McIntyre O'Donnell McLaughlin O'Connell McCann
Macintosh Nowak Kowalski Wiśniewski Nguyen Chen Wong Zhang Li Okafor Adeyemi Mensah Abdi
Mahmood Rahman Chowdhury Iqbal Sharma Gupta
"""
)

# The long tail: place-like English surnames, ranked after (so rarer than) the common ones.
_TAIL_HEADS = _words(
    """
Ash Black Brad Brom Chad Church Cold Crom Dal Ells Fair Farn Green Hal Haw Hol Kirk Lang Mar
Mid New Nor Oak Pen Red Rad Ring Rock Sal Shel Stan Sud Thorn Wal War Whit Win Wor
"""
)
_TAIL_ENDS = _words(
    """
by bury combe croft dale den field ford gate ham hurst ley low more stead ton wick worth well
wood mere bridge hill
"""
)

STREETS = _words(
    """
Church Station Victoria Park Mill Manor Queens Kings Albert Grange Windsor Highfield Chapel
School Main Green York Springfield George Alexandra Orchard Meadow Beech Oak Elm Ash Willow
Cedar Holly Mount New Castle Bridge Market Union Princes Richmond Stanley Cromwell Nelson
Wellington Clarence Marlborough Westfield Northfield Southfield Moor Brook Heather Lime Laurel
"""
)
STREET_KINDS = _words(
    """
Road Street Lane Avenue Close Drive Way Crescent Grove Gardens Place Terrace Court View Rise
Walk Mews Square Row
"""
)
# Legacy systems abbreviate these; the full and short forms name the same street.
STREET_SHORT = {
    "Road": "Rd",
    "Street": "St",
    "Lane": "Ln",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Place": "Pl",
    "Terrace": "Ter",
    "Court": "Ct",
    "Square": "Sq",
}

# Postcode areas and the post towns within each (London's areas all share one town).
AREAS = _words(
    """
AB:Aberdeen|Peterhead; AL:St Albans|Harpenden; B:Birmingham|Sutton Coldfield|Solihull;
BA:Bath|Frome|Yeovil; BB:Blackburn|Burnley|Accrington; BD:Bradford|Keighley;
BH:Bournemouth|Poole; BL:Bolton|Bury; BN:Brighton|Worthing|Eastbourne; BR:Bromley;
BS:Bristol|Weston-super-Mare; BT:Belfast|Lisburn|Newry; CA:Carlisle|Workington;
CB:Cambridge|Ely; CF:Cardiff|Barry|Caerphilly; CH:Chester|Birkenhead; CM:Chelmsford|Harlow;
CO:Colchester|Clacton-on-Sea; CR:Croydon; CT:Canterbury|Margate|Folkestone;
CV:Coventry|Rugby|Nuneaton; CW:Crewe|Northwich; DA:Dartford; DD:Dundee;
DE:Derby|Burton-on-Trent; DH:Durham; DL:Darlington; DN:Doncaster|Grimsby|Scunthorpe;
DT:Dorchester|Weymouth; DY:Dudley|Kidderminster; E:London; EC:London; EH:Edinburgh|Livingston;
EN:Enfield; EX:Exeter|Barnstaple; FK:Falkirk|Stirling; FY:Blackpool; G:Glasgow;
GL:Gloucester|Cheltenham; GU:Guildford|Woking|Aldershot; HA:Harrow; HD:Huddersfield;
HG:Harrogate; HP:Hemel Hempstead|High Wycombe|Aylesbury; HR:Hereford; HU:Hull; HX:Halifax;
IG:Ilford; IP:Ipswich|Bury St Edmunds; KT:Kingston upon Thames; KY:Kirkcaldy; L:Liverpool;
LA:Lancaster; LE:Leicester|Loughborough; LL:Llandudno|Wrexham|Bangor; LN:Lincoln; LS:Leeds;
LU:Luton; M:Manchester|Salford; ME:Maidstone|Rochester; MK:Milton Keynes; N:London;
NE:Newcastle upon Tyne|Gateshead; NG:Nottingham|Mansfield; NN:Northampton|Kettering;
NP:Newport; NR:Norwich; NW:London; OL:Oldham|Rochdale; OX:Oxford|Banbury; PA:Paisley;
PE:Peterborough; PL:Plymouth; PO:Portsmouth; PR:Preston; RG:Reading|Basingstoke;
RH:Redhill|Crawley|Horsham; RM:Romford; S:Sheffield|Rotherham; SA:Swansea|Llanelli; SE:London;
SG:Stevenage; SK:Stockport; SL:Slough; SM:Sutton; SN:Swindon; SO:Southampton|Winchester;
SR:Sunderland; SS:Southend-on-Sea|Basildon; ST:Stoke-on-Trent; SW:London; SY:Shrewsbury;
TA:Taunton; TF:Telford; TN:Tunbridge Wells|Hastings; TQ:Torquay; TR:Truro;
TS:Middlesbrough|Hartlepool; TW:Twickenham; UB:Southall; W:London; WA:Warrington; WD:Watford;
WF:Wakefield; WN:Wigan; WR:Worcester; WS:Walsall; WV:Wolverhampton; YO:York|Scarborough
""",
    sep=";",
)
_LONDON = {"E", "EC", "N", "NW", "SE", "SW", "W"}
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the unit letters a postcode may end with
UNITS_PER_SECTOR = 40  # few, so that people share postcodes and sectors
FIRST_DAY, LAST_DAY = date(1940, 1, 1), date(2012, 12, 31)
CHUNK = 50_000  # people drawn at a time; the output is shuffled within a chunk

_KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


# Tables --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    districts: list[str]  # outward codes, "LS6"
    towns: list[str]  # the post town of each district
    sectors: list[list[int]]  # each district's sector digits; its first n_sectors are in use
    n_sectors: np.ndarray
    weights: np.ndarray  # how likely a person lives in each district
    streets: list[str]


@dataclass(frozen=True)
class Names:
    female: list[str]
    male: list[str]
    surnames: list[str]
    p_female: np.ndarray
    p_male: np.ndarray
    p_surname: np.ndarray
    surname_cum: list[float]  # for scalar draws with random.choices
    nicknames: dict[str, list[str]]


def _rank_weights(n: int, offset: float, power: float) -> np.ndarray:
    weights = 1.0 / (np.arange(n) + offset) ** power
    return weights / weights.sum()


@cache
def names() -> Names:
    tail = [head + end for head in _TAIL_HEADS for end in _TAIL_ENDS]
    surnames = list(dict.fromkeys(SURNAMES + tail))
    # Zipf-like by rank, the tail after the common names: Smith about 0.8%, the top 100 a third.
    p_surname = _rank_weights(len(surnames), 15.0, 0.75)
    return Names(
        female=FEMALE,
        male=MALE,
        surnames=surnames,
        p_female=_rank_weights(len(FEMALE), 8.0, 0.9),
        p_male=_rank_weights(len(MALE), 8.0, 0.9),
        p_surname=p_surname,
        surname_cum=np.cumsum(p_surname).tolist(),
        nicknames=_nicknames(FEMALE + MALE),
    )


def _nicknames(given: list[str]) -> dict[str, list[str]]:
    from nicknames import NickNamer

    namer = NickNamer()
    found = {name: sorted(namer.nicknames_of(unidecode(name).lower())) for name in given}
    # Sorted, so a seed picks the same nickname every run; one-letter forms are not names.
    return {
        name: [n.title() for n in nicks if len(n) > 1] for name, nicks in found.items() if nicks
    }


@cache
def geography() -> Geography:
    # A fixed map: every seed shares one geography, so data sets differ only in people.
    rng = np.random.default_rng(20_240_601)
    districts: list[str] = []
    towns: list[str] = []
    for entry in AREAS:
        area, places = entry.split(":")
        for number in range(1, int(rng.integers(6, 33)) + 1):
            districts.append(_district(area, number, rng))
            towns.append("London" if area in _LONDON else _pick(places.split("|"), rng))
    n = len(districts)
    sectors = np.argsort(rng.random((n, 10)), axis=1).tolist()
    n_sectors = rng.integers(3, 9, n)
    weights = rng.lognormal(0.0, 0.8, n)
    streets = [f"{name} {kind}" for name in STREETS for kind in STREET_KINDS]
    return Geography(districts, towns, sectors, n_sectors, weights / weights.sum(), streets)


def _district(area: str, number: int, rng: np.random.Generator) -> str:
    # Central London has districts like "EC1A" and "W1K": one digit, then a letter.
    if area in _LONDON and number < 10 and rng.random() < 0.3:
        return f"{area}{number}{'ABCDEFGHJKMNPRSTUVWXY'[int(rng.integers(21))]}"
    return f"{area}{number}"


def _pick(options: list[str], rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]


@cache
def _dates() -> list[str]:
    days = (LAST_DAY - FIRST_DAY).days + 1
    return [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(days)]


@cache
def _neighbours() -> dict[str, str]:
    near: dict[str, str] = {}
    for row, keys in enumerate(_KEYS):
        for col, key in enumerate(keys):
            around = [keys[c] for c in (col - 1, col + 1) if 0 <= c < len(keys)]
            around += [
                _KEYS[r][col] for r in (row - 1, row + 1) if 0 <= r < 3 and col < len(_KEYS[r])
            ]
            near[key] = "".join(around)
    return near


# Places --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    address: str
    town: str
    postcode: str


def place(district: int, sector_slot: int, unit: int, house: int, flat: int) -> Place:
    """An address; the postcode unit decides the street, as a real unit covers one street."""
    geo = geography()
    sector = geo.sectors[district][sector_slot]
    code = (unit * 7 + district * 13 + sector * 31) % 400  # 7 is prime to 400: units differ
    postcode = (
        f"{geo.districts[district]} {sector}{UNIT_LETTERS[code // 20]}{UNIT_LETTERS[code % 20]}"
    )
    street = geo.streets[(district * 7919 + sector * 131 + unit * 17) % len(geo.streets)]
    line = f"{house} {street}" if flat == 0 else f"Flat {flat} {house} {street}"
    return Place(line, geo.towns[district], postcode)


def _random_place(rnd: random.Random) -> Place:
    geo = geography()
    district = rnd.choices(range(len(geo.districts)), cum_weights=_district_cum())[0]
    slot = rnd.randrange(int(geo.n_sectors[district]))
    return place(district, slot, rnd.randrange(UNITS_PER_SECTOR), rnd.randint(1, 160), 0)


@cache
def _district_cum() -> list[float]:
    return np.cumsum(geography().weights).tolist()


# People --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    entity: str
    female: bool
    given: str
    middle: str
    surname: str
    birth: int  # days since FIRST_DAY
    place: Place
    nhs: str  # ten digits, or "" when the record has none


def _draw_people(rng: np.random.Generator, start: int, m: int) -> list[Person]:
    """m people, drawn together with numpy; households share an address and often a surname."""
    nm = names()
    female = rng.random(m) < 0.51
    given = _given_names(rng, female)
    middle = np.where(rng.random(m) < 0.35, _given_names(rng, female), "")
    middle = np.where(middle == given, "", middle)
    head = _households(rng, m)
    family = (head != np.arange(m)) & (rng.random(m) < 0.75)
    surname = rng.choice(len(nm.surnames), m, p=nm.p_surname)
    surname = np.where(family, surname[head], surname)
    birth = rng.integers(0, len(_dates()), m)
    birth = np.where(family & (rng.random(m) < 0.03), birth[head], birth)  # twins
    homes = _homes(rng, head)
    nhs = _nhs_numbers(rng, start, m)
    barrels = _double_barrels(rng, m, surname)
    rows = zip(
        female.tolist(), given.tolist(), middle.tolist(), surname.tolist(), birth.tolist(),
        homes, nhs, strict=True,
    )  # fmt: skip
    return [
        Person(f"p{start + i:08d}", fem, g, mid, barrels.get(i) or nm.surnames[s], b, home, n)
        for i, (fem, g, mid, s, b, home, n) in enumerate(rows)
    ]


def _households(rng: np.random.Generator, m: int) -> np.ndarray:
    """Each person's household head: a joiner lives with the person drawn just before them."""
    joins = rng.random(m) < 0.3
    joins[0] = False
    return np.maximum.accumulate(np.where(joins, 0, np.arange(m)))


def _homes(rng: np.random.Generator, head: np.ndarray) -> list[Place]:
    geo, m = geography(), len(head)
    district = rng.choice(len(geo.districts), m, p=geo.weights)[head]
    slot = (rng.random(m) * geo.n_sectors[district]).astype(int)[head]
    unit = rng.integers(0, UNITS_PER_SECTOR, m)[head]
    house = rng.integers(1, 161, m)[head]
    flat = np.where(rng.random(m) < 0.1, rng.integers(1, 30, m), 0)[head]
    columns = (district, slot, unit, house, flat)
    return [place(*home) for home in zip(*(c.tolist() for c in columns), strict=True)]


def _given_names(rng: np.random.Generator, female: np.ndarray) -> np.ndarray:
    nm, m = names(), len(female)
    women = np.array(nm.female, dtype=object)[rng.choice(len(nm.female), m, p=nm.p_female)]
    men = np.array(nm.male, dtype=object)[rng.choice(len(nm.male), m, p=nm.p_male)]
    return np.where(female, women, men)


def _double_barrels(rng: np.random.Generator, m: int, surname: np.ndarray) -> dict[int, str]:
    """About 2% of people have two surnames: mostly hyphenated, some with a space."""
    nm = names()
    chosen = np.flatnonzero(rng.random(m) < 0.02)
    second = rng.choice(len(nm.surnames), len(chosen), p=nm.p_surname)
    spaced = rng.random(len(chosen)) < 0.2
    return {
        int(i): f"{nm.surnames[surname[i]]}{' ' if sp else '-'}{nm.surnames[j]}"
        for i, j, sp in zip(chosen, second, spaced, strict=True)
        if surname[i] != j
    }


def _nhs_numbers(rng: np.random.Generator, start: int, m: int) -> list[str]:
    """Valid NHS numbers (mod-11 check digit) for about 60% of people, "" for the rest.

    No two people share one: the last eight digits before the check are a bijection of the
    person's index (48,271 is prime to 10**8).
    """
    body = (np.arange(start, start + m, dtype=np.int64) * 48_271) % 10**8
    nine = rng.choice([4, 6, 9], m) * 10**8 + body
    digits = (nine[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = 11 - (digits @ np.arange(10, 1, -1)) % 11
    check[check == 11] = 0
    keep = (check != 10) & (rng.random(m) < 0.6)  # a check of 10 has no valid number
    number = nine * 10 + check
    return [f"{n:010d}" if k else "" for n, k in zip(number.tolist(), keep.tolist(), strict=True)]


def _base(person: Person) -> tuple:
    """A person's own record, without its id: the fields of `Record` after record_id."""
    given = f"{person.given} {person.middle}" if person.middle else person.given
    ids = (("nhs", person.nhs),) if person.nhs else ()
    where = person.place
    return (
        given, person.surname, (), _dates()[person.birth], where.address, where.town,
        where.postcode, ids, person.entity,
    )  # fmt: skip


# Corruption ----------------------------------------------------------------------------------


def typo(text: str, rnd: random.Random) -> str:
    """One keyboard slip: a neighbouring key, a dropped or doubled key, or two keys swapped."""
    if len(text) < 2:
        return text
    i = rnd.randrange(len(text))
    roll = rnd.random()
    if roll < 0.3:
        return text[:i] + _near(text[i], rnd) + text[i + 1 :]
    if roll < 0.5:
        return text[:i] + text[i + 1 :]
    if roll < 0.75:
        extra = text[i] if rnd.random() < 0.5 else _near(text[i], rnd)
        return text[: i + 1] + extra.lower() + text[i + 1 :]
    i = min(i, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _near(char: str, rnd: random.Random) -> str:
    options = _neighbours().get(char.lower())
    if not options:
        return char
    pick = rnd.choice(options)
    return pick.upper() if char.isupper() else pick


def surname_variant(surname: str, rnd: random.Random) -> str:
    """How one surname gets written differently: O'/Mc/Mac forms, barrels split or joined."""
    if "-" in surname or " " in surname:
        first, second = surname.replace("-", " ").split(" ", 1)
        return rnd.choice(
            [f"{first} {second}", first + second.lower(), second, f"{first}-{second}"]
        )
    if surname.startswith("O'"):
        return rnd.choice(["O" + surname[2:], "O " + surname[2:], "O'" + surname[2:].lower()])
    if surname.startswith("Mac"):
        return "Mc" + surname[3:]
    if surname.startswith("Mc"):
        return rnd.choice(["Mac" + surname[2:], "Mc" + surname[2:].lower()])
    return surname


def _swap_day_month(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{year}-{day}-{month}" if int(day) <= 12 and day != month else iso


def _as_typed(iso: str, rnd: random.Random) -> str:
    """The other ways a date is keyed into legacy systems."""
    year, month, day = iso.split("-")
    if rnd.random() < 0.7:
        return f"{day}/{month}/{year}"
    return f"{int(day)}/{int(month)}/{year}"


def _digit_slip(text: str, rnd: random.Random) -> str:
    spots = [i for i, c in enumerate(text) if c.isdigit()]
    i = rnd.choice(spots)
    digit = (int(text[i]) + rnd.choice((-1, 1))) % 10
    return text[:i] + str(digit) + text[i + 1 :]


def _abbreviate(line: str) -> str:
    for full, short in STREET_SHORT.items():
        if line.endswith(" " + full):
            return line[: -len(full)] + short
    return line


def _postcode_as_typed(postcode: str, rnd: random.Random) -> str:
    roll = rnd.random()
    if roll < 0.4:
        return postcode.replace(" ", "")
    if roll < 0.7:
        return postcode.lower()
    return _swap_adjacent(postcode, rnd)


def _swap_adjacent(text: str, rnd: random.Random) -> str:
    i = rnd.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _nhs_as_typed(nhs: str) -> str:
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"


@dataclass
class _Draft:
    """A duplicate being written: the base person's fields, changed step by step."""

    given: str
    middle: str
    surname: str
    others: tuple[str, ...]
    birth: str
    address: str
    town: str
    postcode: str
    nhs: str


def duplicate(person: Person, rnd: random.Random) -> tuple:
    """Another record of the person, as another agency or another clerk would have keyed it."""
    home = person.place
    d = _Draft(
        person.given, person.middle, person.surname, (), _dates()[person.birth], home.address,
        home.town, home.postcode, person.nhs,
    )  # fmt: skip
    _change_names(d, person, rnd)
    _change_birth(d, rnd)
    _change_place(d, rnd)
    _change_nhs(d, rnd)
    given = f"{d.given} {d.middle}" if d.middle else d.given
    ids = (("nhs", d.nhs),) if d.nhs else ()
    return (given, d.surname, d.others, d.birth, d.address, d.town, d.postcode, ids, person.entity)


def _change_names(d: _Draft, person: Person, rnd: random.Random) -> None:
    nicks = names().nicknames.get(d.given)
    if nicks and rnd.random() < 0.15:
        d.given = rnd.choice(nicks)
    if d.middle and rnd.random() < 0.4:
        d.middle = "" if rnd.random() < 0.7 else d.middle[0]
    if not d.given.isascii() and rnd.random() < 0.6:
        d.given = unidecode(d.given)
    if rnd.random() < 0.12:
        d.given = typo(d.given, rnd)
    if rnd.random() < (0.08 if person.female else 0.01):
        _marry(d, rnd)
    if rnd.random() < 0.25:
        d.surname = surname_variant(d.surname, rnd)
    if not d.surname.isascii() and rnd.random() < 0.6:
        d.surname = unidecode(d.surname)
    if rnd.random() < 0.12:
        d.surname = typo(d.surname, rnd)
    if rnd.random() < 0.05:
        d.surname = d.surname.upper()


def _marry(d: _Draft, rnd: random.Random) -> None:
    """A new surname; the old one often kept as a previous name."""
    nm = names()
    old = d.surname
    d.surname = rnd.choices(nm.surnames, cum_weights=nm.surname_cum)[0]
    if d.surname != old and rnd.random() < 0.5:
        d.others = (f"{d.given} {old}",)


def _change_birth(d: _Draft, rnd: random.Random) -> None:
    roll = rnd.random()
    if roll < 0.07:
        d.birth = ""
        return
    if roll < 0.11:
        d.birth = _swap_day_month(d.birth)
    elif roll < 0.15:
        d.birth = _digit_slip(d.birth, rnd)
    if rnd.random() < 0.1:
        d.birth = _as_typed(d.birth, rnd)


def _change_place(d: _Draft, rnd: random.Random) -> None:
    if rnd.random() < 0.2:
        moved = _random_place(rnd)
        d.address, d.town, d.postcode = moved.address, moved.town, moved.postcode
    if rnd.random() < 0.2:
        d.address = _abbreviate(d.address)
    if rnd.random() < 0.05:
        d.address = typo(d.address, rnd)
    if rnd.random() < 0.06:
        d.address = ""
    if rnd.random() < 0.05:
        d.town = ""
    if rnd.random() < 0.12:
        d.postcode = _postcode_as_typed(d.postcode, rnd)
    if rnd.random() < 0.06:
        d.postcode = ""


def _change_nhs(d: _Draft, rnd: random.Random) -> None:
    if not d.nhs:
        return
    if rnd.random() < 0.4:
        d.nhs = ""
        return
    if rnd.random() < 0.02:
        d.nhs = _digit_slip(d.nhs, rnd)
    if rnd.random() < 0.3:
        d.nhs = _nhs_as_typed(d.nhs)


# Generation ----------------------------------------------------------------------------------


def iter_generate(
    n_people: int, *, duplicates_rate: float = 0.5, seed: int = 1
) -> Iterator[Record]:
    """Stream about n_people * (1 + duplicates_rate) records, CHUNK people at a time.

    Each duplicate copies a person drawn at random from its chunk, so a person has none,
    one or several (Poisson with mean duplicates_rate). Records are shuffled within a chunk
    and numbered in the order they come out; `entity` is the person.
    """
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)
    numbered = 0
    for start in range(0, n_people, CHUNK):
        people = _draw_people(rng, start, min(CHUNK, n_people - start))
        drafts = [_base(person) for person in people]
        sources = rng.integers(0, len(people), round(len(people) * duplicates_rate))
        drafts += [duplicate(people[i], rnd) for i in sources.tolist()]
        rnd.shuffle(drafts)
        for draft in drafts:
            numbered += 1
            yield Record(f"r{numbered:08d}", *draft)


def generate(n_people: int, *, duplicates_rate: float = 0.5, seed: int = 1) -> list[Record]:
    """`iter_generate` as a list: 666,667 people make about 1,000,000 records."""
    return list(iter_generate(n_people, duplicates_rate=duplicates_rate, seed=seed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="about how many records to write")
    parser.add_argument("out", type=Path, help="the import CSV to write")
    parser.add_argument("--truth", type=Path, help="also write record_id,entity here")
    parser.add_argument("--duplicates-rate", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", default="legacy")
    args = parser.parse_args(argv)
    from tqdm import tqdm

    n_people = max(1, round(args.n / (1 + args.duplicates_rate)))
    records = iter_generate(n_people, duplicates_rate=args.duplicates_rate, seed=args.seed)
    progress = tqdm(records, total=args.n, unit=" records", file=sys.stderr)
    write_import_csv(progress, args.out, args.source, entities_path=args.truth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
