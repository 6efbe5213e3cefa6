"""One way to fingerprint bytes: BLAKE2b, from the interpreter's built-in module.

``hashlib`` would load OpenSSL on every start (time, and memory on a Pi) for the
same function.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the built-in module
    from hashlib import blake2b


def digest(data: bytes, size: int = 20) -> bytes:
    """The BLAKE2b digest of ``data``, ``size`` bytes long."""
    return blake2b(data, digest_size=size).digest()
