"""Content paraphrases the source articles and never copies them.

The articles are not part of the project, so the test compares against
``tests/fixtures/source_shingles.txt``: hashes of every eight-word run of the five
articles and of the clinical guidance summary (``guidance.md``), made once (see its
header), with no source text in the repo. Every
eight-word run of every string in the content files is hashed the same way and must
not be among them.

To remake the fixture from a directory holding the five article files::

    .venv/bin/python -m tests.test_content_paraphrase DIR > tests/fixtures/source_shingles.txt
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from nervecheck.engine.content_files import content_path

RUN = 8
FIXTURE = Path(__file__).parent / "fixtures" / "source_shingles.txt"
CONTENT_FILES = ("routines.json", "triage.json", "sources.json")
_WORD = re.compile(r"[a-z0-9']+")
# Scraped pages use typographic apostrophes; fold them so "don’t" matches "don't".
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})

HEADER = f"""\
# Hashes of every eight-word run of the five source articles (000_*.txt .. 004_*.txt)
# and of the clinical guidance summary behind contract version 2 (guidance.md).
# Text: NFKC, lower-cased, curly apostrophes folded to ', words = [a-z0-9']+.
# Each line: the first 16 hex characters of sha256 of the {RUN} words joined by one space.
# Made once with: python -m tests.test_content_paraphrase SOURCE_DIR > this file.
# No article text is stored here; see tests/test_content_paraphrase.py.
"""


def words(text: str) -> list[str]:
    """The text's words, normalised the same way for articles and content."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    return _WORD.findall(text)


def runs(text: str) -> Iterator[str]:
    """Every run of eight consecutive words, as one space-joined string."""
    found = words(text)
    for start in range(len(found) - RUN + 1):
        yield " ".join(found[start:start + RUN])


def run_hash(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def strings(value: object) -> Iterator[str]:
    """Every string value (not key) in parsed JSON, depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def load_fixture(path: Path = FIXTURE) -> set[str]:
    lines = path.read_text("utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def copied_runs(texts: list[str], source_hashes: set[str]) -> list[str]:
    """The eight-word runs of ``texts`` that also occur in a source article.

    Runs are taken within one string: a run spanning two JSON strings was never a
    sentence anybody could have pasted.
    """
    return [run for text in texts for run in runs(text) if run_hash(run) in source_hashes]


def citation_titles() -> set[str]:
    """The articles' own titles in ``sources.json``: a citation quotes a title, so these
    are the one kind of string allowed to match an article word for word."""
    data = json.loads(content_path("sources.json").read_text("utf-8"))
    return {source["title"] for source in data["sources"]}


def content_texts() -> list[str]:
    """Every string a runner can read in the packaged content files, but the titles."""
    texts: list[str] = []
    for name in CONTENT_FILES:
        texts += strings(json.loads(content_path(name).read_text("utf-8")))
    titles = citation_titles()
    return [text for text in texts if text not in titles]


SOURCE_HASHES = load_fixture()


def test_fixture_holds_thousands_of_hashes_and_no_text():
    """An empty or truncated fixture would let any copy pass, so demand its real size."""
    assert len(SOURCE_HASHES) > 4000
    assert all(re.fullmatch(r"[0-9a-f]{16}", line) for line in SOURCE_HASHES)


def test_content_is_read_from_every_file():
    texts = content_texts()
    assert len(texts) > 700  # about 300 in routines.json, 430 in triage.json
    assert sum(1 for text in texts for _ in runs(text)) > 2000
    assert len(citation_titles()) == 16  # the five articles and the eleven guidance sources


def test_content_paraphrases_and_never_copies_the_sources():
    """No run of eight words of any source article appears in any content text."""
    assert copied_runs(content_texts(), SOURCE_HASHES) == []


@pytest.mark.parametrize(
    "text",
    [
        "Nerve damage in runners can show up as burning or tingling.",  # our own words
        "Don’t   RUN through it, she said; rest 2 days and call your clinic!",  # odd spacing, case, ’
    ],
)
def test_own_words_pass(text):
    assert copied_runs([text], SOURCE_HASHES) == []


def test_a_pasted_run_is_caught_whatever_its_case_spacing_or_apostrophes():
    """The matching itself: a planted run is found inside a longer string.

    No article text may live in the repo, so the run here is made up and its hash
    stands in for the fixture; that a real pasted sentence fails was checked by hand
    against the articles when the fixture was made.
    """
    known = {run_hash("don't run through burning pain and numbness today")}
    text = "Tip: Don\u2019t  run through BURNING pain and numbness today, please. Rest."
    assert copied_runs([text], known) == ["don't run through burning pain and numbness today"]
    assert copied_runs(["Do not run through burning pain and numbness today please."], known) == []


def main(source_dir: str) -> None:
    """Print the fixture for the article files in ``source_dir`` (sorted, unique)."""
    hashes: set[str] = set()
    for path in [*sorted(Path(source_dir).glob("0*.txt")), *Path(source_dir).glob("guidance.md")]:
        hashes |= {run_hash(run) for run in runs(path.read_text("utf-8"))}
    if not hashes:
        sys.exit(f"no article files (0*.txt) in {source_dir}")
    sys.stdout.write(HEADER + "".join(f"{h}\n" for h in sorted(hashes)))


if __name__ == "__main__":
    main(sys.argv[1])
