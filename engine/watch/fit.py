"""FIT files (Garmin, Coros, Wahoo, Suunto, and Strava's originals), via ``fitdecode``.

Each ``session`` message is one activity: ``start_time``, ``sport``/``sub_sport``,
``total_distance`` (m), ``total_timer_time`` (moving, s), ``total_elapsed_time`` (s),
``total_ascent`` (m) and ``avg_heart_rate``. The file's CRC is checked: a file that
is truncated or whose bytes do not match its CRC is named as damaged, never half read.
A FIT file that is not an activity (the watch's daily monitoring, settings) is skipped.
"""

from __future__ import annotations

import io

from nervecheck.engine.watch.activity import Activity, normalise_sport
from nervecheck.engine.watch.limits import Refused, reason


class NotAnActivity(Exception):
    """A well-formed FIT file of another kind (monitoring, settings, a course)."""


def _number(value: object, scale: float = 1.0) -> float | None:
    return float(value) / scale if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def read_fit(data: bytes, source: str) -> list[Activity]:
    """The activities of one FIT file; :class:`Refused` if it is damaged."""
    import datetime as dt

    import fitdecode  # imported here: the command line starts without it

    sessions = []
    file_type = None
    try:
        reader = fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE,
                                     error_handling=fitdecode.ErrorHandling.RAISE)
        with reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "file_id" and file_type is None:
                    file_type = frame.get_value("type", fallback=None)
                elif frame.name == "session":
                    sessions.append({field.name: field.value for field in frame.fields})
    except fitdecode.FitCRCError:
        raise Refused("damaged FIT file: its bytes do not match its CRC") from None
    except fitdecode.FitEOFError:
        raise Refused("damaged FIT file: truncated (it ends before its last record)") from None
    except fitdecode.FitHeaderError as error:
        raise Refused(f"not a FIT file, or a damaged one: {reason(error)}") from None
    except (fitdecode.FitError, ValueError, KeyError, IndexError, TypeError, OverflowError) as error:
        raise Refused(f"damaged FIT file: {reason(error)}") from None
    if file_type not in (None, "activity") and not sessions:
        raise NotAnActivity(f"a FIT {file_type} file, not an activity")
    if not sessions:
        raise Refused("FIT file has no session (no activity summary), so it is not read")
    activities = []
    for session in sessions:
        start = session.get("start_time")
        if not isinstance(start, dt.datetime):
            start = session.get("timestamp")
        if not isinstance(start, dt.datetime):
            raise Refused("FIT session has no start time")
        sport, sub = session.get("sport"), session.get("sub_sport")
        sport_raw = str(sport) if sub in (None, "generic") else f"{sport}/{sub}"
        distance_m = _number(session.get("total_distance"))
        activities.append(Activity(
            start=start,
            sport=normalise_sport(str(sport) if sport is not None else None, str(sub) if sub is not None else None),
            sport_raw=sport_raw,
            distance_km=None if distance_m is None else distance_m / 1000,
            moving_s=_number(session.get("total_timer_time")),
            elapsed_s=_number(session.get("total_elapsed_time")),
            elevation_gain_m=_number(session.get("total_ascent")),
            avg_hr=_number(session.get("avg_heart_rate")),
            shoe=None,
            source=source,
        ))
    return activities
