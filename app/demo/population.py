"""Invented citizens for the demo data: CPR numbers, phones, ages and municipalities.

Everything here is synthetic. CPR numbers have a valid birth date and the century digit
that matches it (no modulus-11 check, as allowed since 2007), but belong to nobody known.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Literal

Group = Literal["general", "frequent_social", "frequent_medical"]

# Region Midtjylland's 19 municipalities: kommunekode -> (name, approximate population).
KOMMUNER: dict[str, tuple[str, int]] = {
    "0751": ("Aarhus", 367_000), "0730": ("Randers", 99_000), "0740": ("Silkeborg", 101_000),
    "0615": ("Horsens", 98_000), "0791": ("Viborg", 98_000), "0657": ("Herning", 90_000),
    "0746": ("Skanderborg", 64_000), "0661": ("Holstebro", 59_000),
    "0760": ("Ringkøbing-Skjern", 56_000), "0710": ("Favrskov", 49_000),
    "0766": ("Hedensted", 47_000), "0779": ("Skive", 46_000), "0706": ("Syddjurs", 44_000),
    "0756": ("Ikast-Brande", 42_000), "0707": ("Norddjurs", 37_000), "0727": ("Odder", 23_000),
    "0671": ("Struer", 21_000), "0665": ("Lemvig", 19_000), "0741": ("Samsø", 3_700),
}
_CODES = tuple(KOMMUNER)
_WEIGHTS = tuple(pop for _, pop in KOMMUNER.values())
_MOBILE_PREFIXES = (
    "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42",
    "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93",
)


@dataclass(frozen=True, slots=True)
class Citizen:
    """One invented person who calls 112 in the demo data."""

    citizen_key: str
    cpr: str | None  # None: a caller whose CPR number is not known at all
    phone: str  # +45XXXXXXXX; a care home's line is shared by its residents
    birth_date: date
    sex: Literal["female", "male"]
    municipality_code: str
    group: Group
    themes: tuple[str, ...] = ()  # social-need codes a frequent social caller returns to

    def age_on(self, day: date) -> int:
        """Age in whole years on `day`."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class Population:
    """Makes citizens with unique CPR numbers and phones from one random state."""

    def __init__(self, rng: Random, start: date) -> None:
        self._rng = rng
        self._start = start
        self._cprs: set[str] = set()
        self._phones: set[str] = set()
        self._count = 0
        # About 40 care homes, each with one landline all its residents' calls come from.
        self.care_home_lines: tuple[str, ...] = tuple(self.landline() for _ in range(40))

    def citizen(
        self,
        *,
        group: Group,
        age: int,
        municipality_code: str | None = None,
        care_home: bool = False,
        cpr_known: float = 0.98,
        themes: tuple[str, ...] = (),
    ) -> Citizen:
        """Make one citizen aged `age` on the generator's start date."""
        rng = self._rng
        self._count += 1
        sex: Literal["female", "male"] = "female" if rng.random() < 0.5 else "male"
        birth = self._start - timedelta(days=round(age * 365.25) + rng.randrange(365))
        phone = rng.choice(self.care_home_lines) if care_home else self.mobile()
        return Citizen(
            citizen_key=f"p{self._count:07d}",
            cpr=self._cpr(birth, sex) if rng.random() < cpr_known else None,
            phone=phone,
            birth_date=birth,
            sex=sex,
            municipality_code=municipality_code or self.municipality(),
            group=group,
            themes=themes,
        )

    def municipality(self) -> str:
        """A kommunekode drawn by population."""
        return self._rng.choices(_CODES, _WEIGHTS)[0]

    def mobile(self) -> str:
        """A fresh, unique Danish mobile number."""
        while True:
            number = f"+45{self._rng.choice(_MOBILE_PREFIXES)}{self._rng.randrange(10**6):06d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def landline(self) -> str:
        """A fresh, unique landline in the 86/87/89 (East Jutland) ranges."""
        while True:
            number = f"+45{self._rng.choice(('86', '87', '89'))}{self._rng.randrange(10**6):06d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def _cpr(self, birth: date, sex: str) -> str:
        while True:
            digit7 = self._rng.choice(century_digits(birth.year))
            middle = self._rng.randrange(100)
            last = self._rng.randrange(5) * 2 + (1 if sex == "male" else 0)  # odd: male
            cpr = f"{birth:%d%m}{birth.year % 100:02d}{digit7}{middle:02d}{last}"
            if cpr not in self._cprs:
                self._cprs.add(cpr)
                return cpr


def century_digits(year: int) -> tuple[int, ...]:
    """The CPR 7th digits that, with the two-digit year, give `year`'s century."""
    yy = year % 100
    if 1900 <= year <= 1999:
        return (0, 1, 2, 3) + ((4, 9) if yy >= 37 else ())
    if 2000 <= year <= 2036:
        return (4, 9, 5, 6, 7, 8)
    if 2037 <= year <= 2057:
        return (5, 6, 7, 8)
    if 1858 <= year <= 1899:
        return (5, 6, 7, 8)
    raise ValueError(f"no CPR century digit for birth year {year}")


def cpr_birth_date(cpr: str) -> date:
    """The birth date a CPR number encodes (raises ValueError when it is not a valid date)."""
    if len(cpr) != 10 or not cpr.isdecimal():
        raise ValueError(f"CPR must be 10 digits, got {cpr!r}")
    day, month, yy, digit7 = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if digit7 <= 3:
        century = 1900
    elif digit7 in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    return date(century + yy, month, day)
