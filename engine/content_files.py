"""Reading content files (``content/*.json``) and reporting their faults plainly.

Content ships inside the wheel as the ``content`` package's files, found beside its
``__init__.py`` (cheaper than :mod:`importlib.resources`, which a CLI start would pay
7 ms for; NerveCheck is never imported from a zip).
A maintainer who breaks a file gets a :class:`ContentError` naming the file and the
field at fault, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

Model = TypeVar("Model", bound="BaseModel")


class ContentError(Exception):
    """A content file that cannot be used: names the file and the field at fault."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"content file {file}: {problem}")
        self.file = file
        self.problem = problem


def content_path(name: str) -> Path:
    """The packaged content file ``name``."""
    from nervecheck import content

    return Path(content.__file__).parent / name


def field_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as a readable field path: ``questions[3].options``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def first_problem(error: Any) -> str:
    """The first problem of a pydantic ``ValidationError`` as ``field X: message``."""
    item = error.errors()[0]
    message = item["msg"].removeprefix("Value error, ")
    return f"field {field_path(item['loc'])}: {message}"


def load_model(name: str, model: type[Model], source: Path | None = None) -> Model:
    """Parse and validate one content file; ``source`` overrides the packaged copy."""
    from pydantic import ValidationError  # only the callers that validate pay for pydantic

    where = str(source) if source is not None else f"content/{name}"
    try:
        text = source.read_text("utf-8") if source is not None else content_path(name).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(where, f"cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ContentError(where, f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(where, first_problem(error)) from None
