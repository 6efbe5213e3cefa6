"""The safety limits of an import, and reads that keep to them.

An export is untrusted input: a gzip or zip member can claim one size and inflate to
another (a bomb), a zip name can point outside (``../evil``) and an XML file can
expand entities (billion laughs; refused by :mod:`.tracks`). Nothing is extracted to
disk: members are read into memory, in chunks, and a read stops as soon as it passes
a limit, whatever the headers claim.
"""

from __future__ import annotations

import io
from typing import IO

MiB = 1024 * 1024
#: The most one activity file (FIT, GPX, TCX, or activities.csv) may hold, decompressed.
MAX_FILE_BYTES = 64 * MiB
#: The most a nested zip (a Garmin export's zip of FIT files) may hold, compressed.
MAX_INNER_ZIP_BYTES = 512 * MiB
#: The most a whole import may decompress, every member of every zip together.
MAX_TOTAL_BYTES = 1024 * MiB
#: A member bigger than :data:`RATIO_FLOOR_BYTES` that inflates more than this many
#: times its compressed size is a bomb (real FIT files inflate ~3x, GPX ~10-20x).
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1 * MiB
#: An export zip may hold zips (depth 2: Garmin); a zip in those is refused.
MAX_ZIP_DEPTH = 2
#: Members listed in one zip, at most (a central directory of millions is an attack).
MAX_MEMBERS = 200_000

_CHUNK = 256 * 1024


class Refused(Exception):
    """A file that is not read, with the one-line reason (shown beside its name)."""


class Budget:
    """The decompressed bytes an import may still read (:data:`MAX_TOTAL_BYTES`)."""

    def __init__(self, total: int = MAX_TOTAL_BYTES) -> None:
        self.left = total
        self.total = total

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise Refused(f"the import inflates past {self.total // MiB} MiB in all; refused as a zip bomb")


def read_capped(stream: IO[bytes], cap: int, what: str, budget: Budget | None = None,
                compressed_size: int | None = None) -> bytes:
    """All of ``stream``, refused once it passes ``cap`` bytes (or the budget, or
    :data:`MAX_RATIO` times ``compressed_size``)."""
    out = io.BytesIO()
    size = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return out.getvalue()
        size += len(chunk)
        if size > cap:
            raise Refused(f"{what} is larger than {cap // MiB} MiB; refused")
        if budget is not None:
            budget.spend(len(chunk))
        if compressed_size and size > RATIO_FLOOR_BYTES and size > MAX_RATIO * compressed_size:
            raise Refused(f"{what} inflates more than {MAX_RATIO} times its packed size; refused as a zip bomb")
        out.write(chunk)


def gunzip(data: bytes, budget: Budget | None = None, cap: int = MAX_FILE_BYTES) -> bytes:
    """``data`` decompressed, refused past ``cap`` (a gzip bomb) or when damaged."""
    import gzip
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return read_capped(stream, cap, "the gzip file, decompressed", budget)
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise Refused(f"damaged gzip file ({reason(error)})") from None


def reason(error: BaseException) -> str:
    """An error as a short phrase for a problem line."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:160]
