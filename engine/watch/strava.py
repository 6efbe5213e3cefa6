"""A Strava bulk export's ``activities.csv``: one row per activity, linked to its file.

The CSV repeats column names: the first ``Distance`` is in the athlete's display unit
(km or miles, and the CSV does not say which), the later one in metres; the first
``Elapsed Time`` is whole seconds, the later one seconds with a fraction. The later
columns are the unambiguous ones, so a repeated name is read from its *last*
occurrence; an export with a single ``Distance`` column gives no distance from the CSV
(the linked file gives it) rather than a guess between km and miles.

The column names follow the language the athlete's Strava was set to. English, German,
French and Spanish names are known (:data:`COLUMNS`); a CSV in another language is
named as not supported, never read by guessing positions. ``Activity Date`` is UTC.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from nervecheck.engine.watch.activity import UTC
from nervecheck.engine.watch.limits import Refused, reason

#: The columns read, by language: each key's header names, lower-cased.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "English": {
        "id": ("activity id",), "date": ("activity date",), "name": ("activity name",),
        "type": ("activity type",), "elapsed": ("elapsed time",), "distance": ("distance",),
        "gear": ("activity gear", "gear"), "filename": ("filename",), "moving": ("moving time",),
        "elevation": ("elevation gain",), "hr": ("average heart rate",),
    },
    "German": {
        "id": ("aktivitäts-id",), "date": ("aktivitätsdatum",), "name": ("name der aktivität",),
        "type": ("aktivitätsart",), "elapsed": ("verstrichene zeit",), "distance": ("distanz", "strecke"),
        "gear": ("aktivitätsausrüstung", "ausrüstung für aktivität", "ausrüstung"), "filename": ("dateiname",),
        "moving": ("bewegungszeit", "zeit in bewegung"), "elevation": ("höhenzunahme", "höhenmeter bergauf"),
        "hr": ("durchschnittliche herzfrequenz",),
    },
    "French": {
        "id": ("id de l'activité",), "date": ("date de l'activité",), "name": ("nom de l'activité",),
        "type": ("type d'activité",), "elapsed": ("temps écoulé",), "distance": ("distance",),
        "gear": ("matériel de l'activité", "équipement de l'activité", "équipement"),
        "filename": ("nom du fichier",), "moving": ("temps de déplacement", "temps en mouvement"),
        "elevation": ("dénivelé positif",), "hr": ("fréquence cardiaque moyenne",),
    },
    "Spanish": {
        "id": ("id de actividad", "id de la actividad"), "date": ("fecha de la actividad",),
        "name": ("nombre de la actividad",), "type": ("tipo de actividad",),
        "elapsed": ("tiempo transcurrido",), "distance": ("distancia",),
        "gear": ("equipo de la actividad", "equipamiento de la actividad", "equipo"),
        "filename": ("nombre del archivo", "nombre de archivo"), "moving": ("tiempo en movimiento",),
        "elevation": ("desnivel positivo",), "hr": ("frecuencia cardiaca promedio", "frecuencia cardíaca media"),
    },
}
#: Without these a CSV is not read as a Strava export.
REQUIRED = ("id", "date")

_MONTHS = {
    **dict.fromkeys(("jan", "january", "januar", "janvier", "janv", "enero", "ene"), 1),
    **dict.fromkeys(("feb", "february", "februar", "février", "fevrier", "févr", "fevr", "febrero"), 2),
    **dict.fromkeys(("mar", "march", "märz", "mär", "mrz", "mars", "marzo"), 3),
    **dict.fromkeys(("apr", "april", "avril", "avr", "abril", "abr"), 4),
    **dict.fromkeys(("may", "mai", "mayo"), 5),
    **dict.fromkeys(("jun", "june", "juni", "juin", "junio"), 6),
    **dict.fromkeys(("jul", "july", "juli", "juillet", "juil", "julio"), 7),
    **dict.fromkeys(("aug", "august", "août", "aout", "agosto", "ago"), 8),
    **dict.fromkeys(("sep", "sept", "september", "septembre", "septiembre", "setiembre"), 9),
    **dict.fromkeys(("oct", "october", "okt", "oktober", "octobre", "octubre"), 10),
    **dict.fromkeys(("nov", "november", "novembre", "noviembre"), 11),
    **dict.fromkeys(("dec", "december", "dez", "dezember", "déc", "décembre", "decembre", "diciembre", "dic"), 12),
}
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?\s?m\.?)?", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """One row of activities.csv, its figures in the record's units (km, s, m, bpm)."""

    number: int  # the CSV line's row number, 1 for the first activity
    external_id: str | None
    start: dt.datetime | None
    date_text: str
    name: str | None
    sport_raw: str
    distance_km: float | None
    moving_s: float | None
    elapsed_s: float | None
    elevation_gain_m: float | None
    avg_hr: float | None
    shoe: str | None
    filename: str | None


def strava_date(text: str) -> dt.datetime | None:
    """A Strava ``Activity Date`` (UTC) in any of the known languages' forms:
    ``Mar 4, 2026, 7:15:02 AM``, ``04.03.2026, 07:15:02``, ``4 mars 2026, 07:15:02``,
    ``2026-03-04 07:15:02``; ``None`` if it is none of them."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    clock = None
    for clock in _TIME.finditer(text):
        pass  # the last h:mm in the text is the time (a date has no colon)
    if clock is None:
        return None
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    if clock[4]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if clock[4].lower() == "p" else 0)
    date_part = text[:clock.start()]
    words = [word.rstrip(".").casefold() for word in re.findall(r"[^\W\d_]+\.?", date_part)]
    numbers = [int(n) for n in re.findall(r"\d+", date_part)]
    months = [_MONTHS[word] for word in words if word in _MONTHS]
    try:
        if months and len(numbers) == 2:
            year = next(n for n in numbers if n > 31)
            day = next(n for n in numbers if n != year)
            return dt.datetime(year, months[0], day, hour, minute, second, tzinfo=UTC)
        if not months and len(numbers) == 3:
            if numbers[0] > 31:  # 2026/03/04
                year, month, day = numbers
            else:  # 04.03.2026 or 04/03/2026: day first, as German, French and Spanish write it
                day, month, year = numbers
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (StopIteration, ValueError):
        return None
    return None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 10,02 in a German or French export
    try:
        value = float(text.replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _header_key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").strip().casefold().split())


def _columns(header: list[str]) -> tuple[str, dict[str, list[int]]] | None:
    """The language and the positions of each known column (every occurrence)."""
    names = [_header_key(name) for name in header]
    best: tuple[int, str, dict[str, list[int]]] | None = None
    for language, keys in COLUMNS.items():
        positions: dict[str, list[int]] = {}
        for index, name in enumerate(names):
            for key, known in keys.items():
                if name in known:
                    positions.setdefault(key, []).append(index)
        if all(key in positions for key in REQUIRED):
            score = len(positions)
            if best is None or score > best[0]:
                best = (score, language, positions)
    return None if best is None else (best[1], best[2])


def read_activities_csv(data: bytes, source: str) -> tuple[list[Row], list[str]]:
    """The rows of ``activities.csv`` and the one-line problems of rows not read.

    :class:`Refused` for a CSV that cannot be read at all (not UTF-8, not a Strava
    export, a language not known)."""
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("activities.csv is not UTF-8 text, so it is not read") from None
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise Refused(f"activities.csv is damaged: {reason(error)}") from None
    if not table or not any(table[0]):
        raise Refused("activities.csv is empty")
    found = _columns(table[0])
    if found is None:
        first = table[0][0].strip()[:40] if table[0] else ""
        raise Refused(f"the column names are in a language this version does not read (first column "
                      f"{first!r}); English, German, French and Spanish exports are read")
    _, positions = found

    def cell(row: list[str], key: str, occurrence: int = -1) -> str | None:
        where = positions.get(key)
        if not where:
            return None
        index = where[occurrence]
        return row[index].strip() if index < len(row) else None

    rows, problems = [], []
    metric_distance = len(positions.get("distance", ())) >= 2
    for number, row in enumerate(table[1:], start=1):
        if not any(field.strip() for field in row):
            continue
        date_text = cell(row, "date", 0) or ""
        start = strava_date(date_text)
        distance_m = _number(cell(row, "distance")) if metric_distance else None
        if start is None:
            problems.append(f"row {number}: the date {date_text[:40]!r} is not understood, so it is read "
                            f"from its file only")
        rows.append(Row(
            number=number,
            external_id=cell(row, "id", 0) or None,
            start=start,
            date_text=date_text,
            name=cell(row, "name", 0) or None,
            sport_raw=cell(row, "type", 0) or "",
            distance_km=None if distance_m is None else distance_m / 1000,
            moving_s=_number(cell(row, "moving")),
            elapsed_s=_number(cell(row, "elapsed")),
            elevation_gain_m=_number(cell(row, "elevation")),
            avg_hr=_number(cell(row, "hr")),
            shoe=cell(row, "gear", 0) or None,
            filename=(cell(row, "filename", 0) or "").replace("\\", "/") or None,
        ))
    return rows, problems
