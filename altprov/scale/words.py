"""Invented places and names for the generated trusts (nothing here is real). People's names come
from the demo's lists (`altprov.core.demo.data`)."""

from __future__ import annotations

TOWN_STARTS = [
    "Ash",
    "Bram",
    "Calder",
    "Dun",
    "Elm",
    "Fern",
    "Glen",
    "Hazel",
    "Ivy",
    "Kings",
    "Lark",
    "Marl",
    "Nether",
    "Oak",
    "Pen",
    "Queen",
    "Raven",
    "Sand",
    "Thorn",
    "Upper",
    "Wil",
    "Yew",
    "Alder",
    "Birch",
    "Crow",
    "Deep",
    "East",
    "Fox",
    "Gold",
    "Heron",
]
TOWN_ENDS = [
    "ford",
    "leigh",
    "moor",
    "bridge",
    "combe",
    "field",
    "holt",
    "wick",
    "ton",
    "by",
    "dale",
    "mere",
    "stead",
    "worth",
    "well",
    "hurst",
    "brook",
    "cote",
    "ham",
    "ley",
]
TRUST_KINDS = [
    "Academy Trust",
    "Learning Partnership",
    "Education Trust",
    "Multi-Academy Trust",
    "Schools Trust",
    "Learning Trust",
]
PRIMARY_KINDS = [
    "Primary Academy",
    "Church of England Primary",
    "Community Primary",
    "Junior Academy",
]
SECONDARY_KINDS = ["Academy", "High School", "Secondary Academy", "Community College"]
SPECIAL_KINDS = ["Special School", "Specialist Academy"]
PROVIDER_KINDS = [
    ("Pupil Referral Unit", "registered"),
    ("Skills Centre", "unregistered"),
    ("Farm Outdoor Learning", "unregistered"),
    ("Motor Vehicle Academy", "registered"),
    ("Tutoring Service", "unregistered"),
    ("Therapeutic Education", "registered"),
    ("Hair and Beauty Studio", "unregistered"),
    ("Independent School", "registered"),
    ("Construction Skills Hub", "registered"),
    ("Hospital Education Service", "registered"),
    ("Boxing and Mentoring Club", "unregistered"),
    ("Creative Arts Centre", "registered"),
]
STREETS = [
    "School Lane",
    "Church Road",
    "Mill Street",
    "Station Road",
    "High Street",
    "Park Avenue",
]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def town(n: int) -> str:
    """The n-th invented town (600 before they repeat)."""
    start = TOWN_STARTS[n % len(TOWN_STARTS)]
    end = TOWN_ENDS[(n // len(TOWN_STARTS)) % len(TOWN_ENDS)]
    return start + end


def trust_name(n: int) -> str:
    """The n-th trust's name: 3,600 distinct names before a number is added."""
    base = f"{town(n)} {TRUST_KINDS[(n // 600) % len(TRUST_KINDS)]}"
    cycle = n // (600 * len(TRUST_KINDS))
    return base if cycle == 0 else f"{base} {cycle + 1}"


def postcode(rng) -> str:
    """A postcode in the ZZ area, which the Royal Mail never uses."""
    return (
        f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}"
        f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    )
