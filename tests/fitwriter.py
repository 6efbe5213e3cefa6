"""A tiny FIT encoder for the tests: a header, definition and data messages for
``file_id`` and ``session`` (and ``record``, if asked), and the CRC-16.

Written from the FIT protocol (header of 14 bytes with its own CRC, little-endian
records, the file CRC over everything before it), so the reader is tested against
bytes it did not make itself.
"""

from __future__ import annotations

import datetime as dt
import struct

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.timezone.utc)

_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)

# base types: (code, struct format)
ENUM, UINT8, UINT16, UINT32 = (0x00, "B"), (0x02, "B"), (0x84, "H"), (0x86, "I")

SPORT = {"generic": 0, "running": 1, "cycling": 2, "fitness_equipment": 4, "swimming": 5, "walking": 11,
         "rowing": 15, "hiking": 17}
SUB_SPORT = {"generic": 0, "treadmill": 1, "street": 2, "trail": 3, "indoor_rowing": 14, "elliptical": 15}
FILE_TYPE = {"activity": 4, "monitoring_b": 32, "settings": 2}


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def fit_time(moment: dt.datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


def _message(local: int, global_num: int, fields: list[tuple[int, tuple[int, str], int]]) -> bytes:
    definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
    for number, (code, fmt), _ in fields:
        definition += struct.pack("<BBB", number, struct.calcsize(fmt), code)
    data = struct.pack("<B", local) + b"".join(struct.pack("<" + fmt, value) for _, (_, fmt), value in fields)
    return definition + data


def fit_file(*, start: dt.datetime, sport: str = "running", sub_sport: str = "generic",
             distance_m: float | None = 10_000.0, timer_s: float = 3000.0, elapsed_s: float = 3100.0,
             ascent_m: int | None = 42, avg_hr: int | None = 150, file_type: str = "activity",
             sessions: int = 1) -> bytes:
    """A whole FIT file with one ``file_id`` and ``sessions`` session messages."""
    body = _message(0, 0, [(0, ENUM, FILE_TYPE[file_type]), (1, UINT16, 1), (4, UINT32, fit_time(start))])
    for index in range(sessions):
        begin = start + dt.timedelta(hours=index)
        fields = [
            (253, UINT32, fit_time(begin + dt.timedelta(seconds=elapsed_s))),
            (2, UINT32, fit_time(begin)),
            (5, ENUM, SPORT[sport]),
            (6, ENUM, SUB_SPORT[sub_sport]),
            (7, UINT32, round(elapsed_s * 1000)),
            (8, UINT32, round(timer_s * 1000)),
            (9, UINT32, 0xFFFFFFFF if distance_m is None else round(distance_m * 100)),  # 0xFFFFFFFF: invalid
            (16, UINT8, 0xFF if avg_hr is None else avg_hr),
            (22, UINT16, 0xFFFF if ascent_m is None else ascent_m),
        ]
        body += _message(1, 18, fields)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    whole = header + body
    return whole + struct.pack("<H", crc16(whole))
