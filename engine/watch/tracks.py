"""GPX and TCX files, parsed with ``defusedxml`` (no DTD, no entities, no external
references: a billion-laughs file is refused, not expanded).

GPX has only trackpoints, so the figures are computed from them:

* distance: the haversine distance between consecutive points of a segment (a jump
  between segments is not distance);
* elapsed: the first point's time to the last one's;
* moving: the time between consecutive points of a segment, except a gap longer than
  :data:`PAUSE_GAP_S` in which the speed is below :data:`PAUSE_SPEED_MS` (a stop with
  the watch still recording, or auto-pause leaving a hole); a segment break is a pause;
* elevation gain: the climbs of the ``<ele>`` readings, counted only once they pass
  :data:`ELEVATION_HYSTERESIS_M` above the last turning point, so GPS and barometer
  noise of a metre or two does not add up over an hour;
* heart rate: the mean of Garmin's TrackPointExtension ``hr`` readings.

TCX gives lap totals: moving is the laps' ``TotalTimeSeconds``, distance their
``DistanceMeters``, the sport the ``Activity Sport`` attribute, heart rate the laps'
``AverageHeartRateBpm`` weighted by lap time (or the trackpoints' mean); elapsed and
elevation gain come from the trackpoints as for GPX.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from typing import Any

from nervecheck.engine.watch.activity import UTC, Activity, normalise_sport
from nervecheck.engine.watch.limits import Refused, reason

PAUSE_GAP_S = 10.0
PAUSE_SPEED_MS = 0.5
ELEVATION_HYSTERESIS_M = 2.0
EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def elevation_gain(readings: Iterable[float], hysteresis: float = ELEVATION_HYSTERESIS_M) -> float:
    """The total climb of ``readings``, ignoring wiggles smaller than ``hysteresis``."""
    gain = 0.0
    ref: float | None = None
    for height in readings:
        if ref is None:
            ref = height
        elif height - ref >= hysteresis:
            gain += height - ref
            ref = height
        elif ref - height >= hysteresis:
            ref = height
    return gain


def _parse(data: bytes, what: str) -> Any:
    from xml.etree.ElementTree import ParseError

    import defusedxml  # imported here: the command line starts without it
    import defusedxml.ElementTree as safe_tree

    try:
        # Strava writes its TCX files with spaces before the XML declaration.
        return safe_tree.fromstring(data.lstrip(), forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise Refused(f"{what} refused: it declares a DTD or entities (an XML bomb or external reference; "
                      f"{type(error).__name__})") from None
    except ParseError as error:
        raise Refused(f"damaged {what} file: {reason(error)}") from None
    except (ValueError, RecursionError) as error:
        raise Refused(f"damaged {what} file: {reason(error)}") from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> Iterator[Any]:
    return (child for child in element if _local(child.tag) == name)


def _child_text(element: Any, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return None


def _descendants(element: Any, name: str) -> Iterator[Any]:
    return (node for node in element.iter() if _local(node.tag) == name)


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _moment(text: str | None) -> dt.datetime | None:
    """An ISO 8601 time from the file; a time without a zone is UTC (as GPX and TCX say)."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class _Point:
    __slots__ = ("lat", "lon", "ele", "time", "hr")

    def __init__(self, lat: float | None, lon: float | None, ele: float | None, time: dt.datetime | None,
                 hr: float | None) -> None:
        self.lat, self.lon, self.ele, self.time, self.hr = lat, lon, ele, time, hr


def _figures(segments: list[list[_Point]]) -> dict[str, float | None]:
    """Distance, moving and elapsed time, climb and mean HR of trackpoint segments."""
    distance = 0.0
    moving = 0.0
    has_position = has_time = False
    for points in segments:
        for before, after in zip(points, points[1:]):
            step = 0.0
            if None not in (before.lat, before.lon, after.lat, after.lon):
                step = haversine_m(before.lat, before.lon, after.lat, after.lon)  # type: ignore[arg-type]
                distance += step
                has_position = True
            if before.time is not None and after.time is not None:
                gap = (after.time - before.time).total_seconds()
                if gap <= 0:
                    continue
                has_time = True
                if not (gap > PAUSE_GAP_S and step / gap < PAUSE_SPEED_MS):
                    moving += gap
    times = [p.time for points in segments for p in points if p.time is not None]
    heights = [p.ele for points in segments for p in points if p.ele is not None]
    rates = [p.hr for points in segments for p in points if p.hr is not None]
    return {
        "distance_km": distance / 1000 if has_position else None,
        "moving_s": moving if has_time else None,
        "elapsed_s": (max(times) - min(times)).total_seconds() if times else None,
        "elevation_gain_m": elevation_gain(heights) if heights else None,
        "avg_hr": sum(rates) / len(rates) if rates else None,
        "start": min(times) if times else None,
    }


def _gpx_hr(point: Any) -> float | None:
    for node in _descendants(point, "hr"):  # gpxtpx:TrackPointExtension/gpxtpx:hr (v1 and v2)
        return _float(node.text)
    return None


def read_gpx(data: bytes, source: str) -> list[Activity]:
    """The activity of one GPX file (all its tracks together); :class:`Refused` if not readable."""
    root = _parse(data, "GPX")
    if _local(root.tag) != "gpx":
        raise Refused(f"not a GPX file (its root element is <{_local(root.tag)}>)")
    segments: list[list[_Point]] = []
    sport_raw = ""
    name = None
    for track in _children(root, "trk"):
        sport_raw = sport_raw or (_child_text(track, "type") or "")
        name = name or _child_text(track, "name")
        for segment in _children(track, "trkseg"):
            points = []
            for point in _children(segment, "trkpt"):
                points.append(_Point(_float(point.get("lat")), _float(point.get("lon")),
                                     _float(_child_text(point, "ele")), _moment(_child_text(point, "time")),
                                     _gpx_hr(point)))
            if points:
                segments.append(points)
    if not segments:
        raise Refused("GPX file has no track points")
    figures = _figures(segments)
    start = figures.pop("start")
    if start is None:
        metadata = next(_children(root, "metadata"), None)
        start = _moment(_child_text(metadata, "time")) if metadata is not None else None
    if start is None:
        raise Refused("GPX file has no times, so its start is unknown")
    return [Activity(start=start, sport=normalise_sport(sport_raw) if sport_raw else "other",  # type: ignore[arg-type]
                     sport_raw=sport_raw, shoe=None, source=source, name=name, **figures)]  # type: ignore[arg-type]


def read_tcx(data: bytes, source: str) -> list[Activity]:
    """The activities of one TCX file; :class:`Refused` if not readable."""
    root = _parse(data, "TCX")
    if _local(root.tag) != "TrainingCenterDatabase":
        raise Refused(f"not a TCX file (its root element is <{_local(root.tag)}>)")
    activities = []
    for activity in _descendants(root, "Activity"):
        sport_raw = activity.get("Sport") or ""
        laps = list(_children(activity, "Lap"))
        segments = []
        lap_time = lap_distance = 0.0
        lap_hr_weighted = lap_hr_time = 0.0
        has_lap_time = has_lap_distance = False
        for lap in laps:
            seconds = _float(_child_text(lap, "TotalTimeSeconds"))
            metres = _float(_child_text(lap, "DistanceMeters"))
            if seconds is not None:
                lap_time += seconds
                has_lap_time = True
            if metres is not None:
                lap_distance += metres
                has_lap_distance = True
            average = next(_children(lap, "AverageHeartRateBpm"), None)
            rate = _float(_child_text(average, "Value")) if average is not None else None
            if rate is not None and seconds:
                lap_hr_weighted += rate * seconds
                lap_hr_time += seconds
            for track in _children(lap, "Track"):
                points = []
                for point in _children(track, "Trackpoint"):
                    position = next(_children(point, "Position"), None)
                    beat = next(_children(point, "HeartRateBpm"), None)
                    points.append(_Point(
                        _float(_child_text(position, "LatitudeDegrees")) if position is not None else None,
                        _float(_child_text(position, "LongitudeDegrees")) if position is not None else None,
                        _float(_child_text(point, "AltitudeMeters")),
                        _moment(_child_text(point, "Time")),
                        _float(_child_text(beat, "Value")) if beat is not None else None))
                if points:
                    segments.append(points)
        figures = _figures(segments) if segments else dict.fromkeys(
            ("distance_km", "moving_s", "elapsed_s", "elevation_gain_m", "avg_hr", "start"))
        starts = [moment for moment in (_moment(lap.get("StartTime")) for lap in laps) if moment is not None]
        start = _moment(_child_text(activity, "Id")) or (min(starts) if starts else None) or figures["start"]
        if start is None:
            raise Refused("TCX activity has no start time")
        elapsed = figures["elapsed_s"]
        if starts and has_lap_time:
            last = max(laps, key=lambda lap: _moment(lap.get("StartTime")) or start)
            end = (_moment(last.get("StartTime")) or start) + dt.timedelta(
                seconds=_float(_child_text(last, "TotalTimeSeconds")) or 0.0)
            elapsed = max(elapsed or 0.0, (end - start).total_seconds())
        activities.append(Activity(
            start=start,
            sport=normalise_sport(sport_raw) if sport_raw else "other",
            sport_raw=sport_raw,
            distance_km=lap_distance / 1000 if has_lap_distance else figures["distance_km"],
            moving_s=lap_time if has_lap_time else figures["moving_s"],
            elapsed_s=elapsed,
            elevation_gain_m=figures["elevation_gain_m"],
            avg_hr=lap_hr_weighted / lap_hr_time if lap_hr_time else figures["avg_hr"],
            shoe=None,
            source=source,
        ))
    if not activities:
        raise Refused("TCX file has no activity")
    return activities
