"""A hand-edited baseline file that is wrong says what is wrong and where, in the editor's words.

Round seven, newuser 07: a missing key read "not a valid baseline file (KeyError: 'source')" and broken
JSON "(JSONDecodeError: Expecting ',' delimiter: line 1 column 56 (char 55))": Python's names for the
problem, not which entry or key.  Each is now one line naming the file, the entry (its place in the
list and its ids) and the key, or the JSON line and column; exit 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import assert_one_line_error

from provenance.cli import main

TEXT = (
    "The city council approved the new budget on Tuesday after a long debate about road repairs and schools.\n"
    "The mayor said the plan would raise spending on parks by ten percent over two years.\n"
)
DIGEST = "a" * 64
CASES = [
    (
        '{"version": 2, "entries": [{"new": "new"}]}',
        "entries[0] (new \"new\"): missing key 'source'",
    ),
    (
        '{"version": 2, "entries": [{"new": "new", "source": "a"',
        "not JSON at line 1, column 56 (expecting ',' delimiter)",
    ),
    (
        '{"version": 2,\n "entries": [\n  {"new": "new", "source": "a",}\n ]}',
        "not JSON at line 3, column 32 (expecting property name enclosed in double quotes)",
    ),
    (
        '{"version": 2, "entries": [{"new": "x", "source": "a"}, {"new": "new", "source": 7}]}',
        "entries[1] (new \"new\", source 7): key 'source' must be a text id, not a number 7",
    ),
    (
        '{"version": 2, "entries": [{"new": "new", "source": "a", "new_sha256": "abc", "source_sha256": "abc"}]}',
        'entries[0] (new "new", source "a"): key \'new_sha256\': not a SHA-256 digest '
        '(64 hexadecimal digits, lower case): "abc"',
    ),
    (
        f'{{"version": 2, "entries": [{{"new": "new", "source": "a", "new_sha256": "{DIGEST}"}}]}}',
        'entries[0] (new "new", source "a"): pins both texts (new_sha256 and source_sha256) or neither',
    ),
    (
        '{"version": 2, "entries": [{"new": "new", "source": "a", "share_new": 2}]}',
        'entries[0] (new "new", source "a"): key \'share_new\': not a share between 0 and 1: 2',
    ),
    ('{"version": 2, "entries": ["new"]}', "entries[0]: must be an object, not a string"),
    ('{"version": 2}', "missing key 'entries'"),
    ('{"version": 2, "entries": {}}', "key 'entries' must be a list, not an object"),
    ('{"version": 1, "pairs": [{"a": "new"}]}', "pairs[0] (a \"new\"): missing key 'b'"),
    ("[]", "the file must hold a JSON object, not a list"),
    ('{"version": 3, "entries": []}', "version 3; this provenance reads versions 1 and 2 (upgrade provenance)"),
    (
        '{"version": ' + "1" * 5000 + "}",  # json.loads refuses an integer past 4,300 digits with a ValueError
        "not JSON (exceeds the limit (4300 digits) for integer string conversion)",
    ),
]


@pytest.mark.parametrize(("content", "problem"), CASES)
def test_a_broken_baseline_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/a.txt").write_text(TEXT, encoding="utf-8")
    Path("new.txt").write_text(TEXT, encoding="utf-8")
    Path("seeds/.provenance-baseline.json").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "new.txt", "--corpus", "seeds"])
    line = assert_one_line_error(result)
    assert line == f"provenance: error: seeds/.provenance-baseline.json: not a valid baseline file: {problem}"


def test_a_baseline_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/a.txt").write_text(TEXT, encoding="utf-8")
    Path("new.txt").write_text(TEXT, encoding="utf-8")
    Path("seeds/.provenance-baseline.json").write_bytes(b'{"version": 2, "entries": [{"new": "\xff"}]}')
    line = assert_one_line_error(CliRunner().invoke(main, ["check", "new.txt", "--corpus", "seeds"]))
    assert line.endswith("seeds/.provenance-baseline.json: not a valid baseline file: not UTF-8 text (byte 36)")
