"""Distance units: stored values are always kilometres; ``mi`` is for display and input."""

KM_PER_MILE = 1.609344


def km_from(value: float, units: str) -> float:
    """Kilometres from a distance typed in ``units``."""
    return value * KM_PER_MILE if units == "mi" else value


def km_to(value: float, units: str) -> float:
    """A stored distance (km) in the user's ``units``."""
    return value / KM_PER_MILE if units == "mi" else value
