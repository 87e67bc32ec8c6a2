"""The baseline file: the reuse a project has accepted, one reviewed entry per pair, which later checks pass.

Version 2 (written since the ``accept`` command)::

    {"version": 2, "entries": [{"new": ID, "new_path": …, "new_sha256": HEX,
                                "source": ID, "source_path": …, "source_sha256": HEX,
                                "share_new": 0.98, "share_source": 0.97,
                                "reason": "Reuters wire story, licensed", "by": "accept"}, …]}

An entry accepts the pair of ids only while both texts are as they were accepted: the
digests are the SHA-256 of each text as the loader reads it (the index's content hash),
so an edited text is judged again.  Entries are sorted, and hold no date unless given, so
the file changes only when what is accepted does.  A version 1 file (``{"version": 1,
"pairs": [{"a": ID, "b": ID}]}``, every pair of a corpus, no digests) is still read: its
pairs pass whatever their texts; ``provenance baseline --upgrade`` pins them to the
texts as they are now.

>>> entry = Entry("new", "src", "1" * 64, "2" * 64)
>>> Baseline((entry,)).accepting("src", "2" * 64, "new", "1" * 64) == entry
True
>>> Baseline((entry,)).accepting("new", "f" * 64, "src", "2" * 64) is None
True
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..index.keys import content_hash
from ..io.atomic import write_atomic
from ..io.load import LoadError, _read, linked_part
from ..report.json import render_json
from .policy import GateError

__all__ = [
    "BASELINE_VERSION",
    "MAX_BASELINE_BYTES",
    "REPRINT_GROWTH",
    "Baseline",
    "Entry",
    "added_entries",
    "baseline_lock",
    "load_baseline",
    "parse_baseline",
    "text_digest",
    "write_baseline",
]

BASELINE_VERSION = 2
_READABLE = (1, 2)
_HEX = frozenset("0123456789abcdef")
_UNDIRECTED = ("undetermined", "common-source")

REPRINT_GROWTH = 0.05
"""How far the share of an accepted reprint aligned with its original may grow when the original is edited,
and the original still pass as that reprint's source (:meth:`Baseline.reprinting`).  A correction of a few
words moves it by nothing measurable (a typo fixed in the newuser 05 story: 99.1% before and after); an
original that takes in the reprint's own paragraphs moves it by their share (round 7 case 06: 34% to 100%).
5 points is about one sentence of a 20-sentence reprint: a correction reworded to read as the reprint does
passes, a passage taken in from it does not."""


def text_digest(text: str) -> str:
    """The digest an entry pins a text by: SHA-256 of the text as the loader reads it (as the index keys it)."""
    return content_hash(text)


@dataclass(frozen=True)
class Entry:
    """One accepted pair: the text that reuses (``new``), the text it reuses (``source``), and why."""

    new: str
    source: str
    new_sha256: str | None = None
    """Digest of the new text when accepted (None: a version 1 pair, accepted whatever the text)."""
    source_sha256: str | None = None
    """Digest of the source text when accepted (None: a version 1 pair)."""
    new_path: str = ""
    """Where the new text was when accepted, for a reviewer (not matched)."""
    source_path: str = ""
    """Where the source text was when accepted, for a reviewer (not matched)."""
    share_new: float | None = None
    """Share of the new text aligned with the source when accepted."""
    share_source: float | None = None
    """Share of the source aligned with the new text when accepted."""
    reason: str = ""
    """Why the reuse is accepted, as the person who accepted it wrote it."""
    by: str = ""
    """What wrote the entry: ``accept`` (one reviewed pair), ``baseline`` (every pair of the corpus then) or
    ``upgrade`` (a version 1 pair pinned to its texts)."""
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """Other string fields of the entry (a date, a ticket), kept as written."""
    moved: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """(id as accepted, id now) of each text moved or renamed since, its bytes unchanged
    (:meth:`Baseline.relocated`); never written to the file."""

    @property
    def ids(self) -> frozenset[str]:
        """The pair, either way round."""
        return frozenset((self.new, self.source))

    @property
    def directed(self) -> bool:
        """Whether the entry says which text reuses which: ``accept`` always does; ``baseline`` not for a pair
        whose scan decided no direction (``direction`` undetermined or common-source), nor a version 1 pair,
        read or pinned by ``baseline --upgrade`` (its ids are in sorted order)."""
        return self.pinned and self.by != "upgrade" and dict(self.extra).get("direction") not in _UNDIRECTED

    @property
    def pinned(self) -> bool:
        """Whether the entry names the texts it accepts by digest (version 2)."""
        return self.new_sha256 is not None and self.source_sha256 is not None

    def digest_of(self, doc_id: str) -> str | None:
        """The accepted digest of one side of the pair."""
        return self.new_sha256 if doc_id == self.new else self.source_sha256

    def covers(self, other: Entry) -> bool:
        """Whether accepting ``self`` already accepts what ``other`` does (same pair, same or any texts)."""
        if self.ids != other.ids:
            return False
        if not self.pinned:
            return True
        return all(self.digest_of(i) == other.digest_of(i) for i in other.ids)

    def describe(self) -> str:
        """One line on the entry, for a reviewer."""
        direction = dict(self.extra).get("direction")
        undirected = direction in _UNDIRECTED  # the scan said no way round: nor does this
        line = f"{self.new} and {self.source} share text" if undirected else f"{self.new} reuses {self.source}"
        if self.share_new is not None and self.share_source is not None:
            shares = f"{self.share_new:.0%} of {self.new}, {self.share_source:.0%} of {self.source}"
            line += (
                f" ({shares}; direction {direction})"
                if undirected
                else f" ({self.share_new:.0%} of it, {self.share_source:.0%} of the source)"
            )
        elif undirected:
            line += f" (direction {direction})"
        if not self.pinned:
            line += ", whatever their texts (version 1 pair)"
        line += f"; by {self.by or 'hand'}"
        return line + (f": {self.reason}" if self.reason else "")

    def to_dict(self) -> dict[str, Any]:
        """The entry as the file holds it."""
        data: dict[str, Any] = {"new": self.new, "new_path": self.new_path, "new_sha256": self.new_sha256}
        data |= {"source": self.source, "source_path": self.source_path, "source_sha256": self.source_sha256}
        if self.share_new is not None and self.share_source is not None:
            data |= {"share_new": round(self.share_new, 3), "share_source": round(self.share_source, 3)}
        data |= {"reason": self.reason, "by": self.by}
        return data | dict(self.extra)


@dataclass(frozen=True)
class Baseline:
    """The accepted entries of a baseline file."""

    entries: tuple[Entry, ...] = ()
    version: int = BASELINE_VERSION
    """The version of the file read (1: pairs without digests)."""

    def accepting(self, new_id: str, new_digest: str, source_id: str, source_digest: str) -> Entry | None:
        """The entry that accepts this pair of texts as they are, or None."""
        wanted = Entry(new_id, source_id, new_digest, source_digest)
        return next((e for e in self.entries if e.covers(wanted)), None)

    def reprinting(self, original_id: str, reprint_id: str, reprint_share: float) -> Entry | None:
        """The directed entry by which ``reprint_id`` was accepted as reusing ``original_id``, while the
        original's edits take in no more of the reprint: the pair's direction, as a person reviewed it (a
        correction of the original changes its text, not which of the two is the source).

        ``reprint_share`` is the share of the reprint aligned with the original as it is now; past the share
        accepted (:attr:`Entry.share_new`) by more than :data:`REPRINT_GROWTH`, the original took in passages
        only the reprint had, and the entry says nothing about that text (nor does one recording no shares).

        >>> entry = Entry("reprint", "original", "1" * 64, "2" * 64, share_new=0.35, share_source=1.0, by="accept")
        >>> Baseline((entry,)).reprinting("original", "reprint", 0.36) == entry
        True
        >>> Baseline((entry,)).reprinting("original", "reprint", 1.0) is None
        True
        """
        return next(
            (
                e
                for e in self.entries
                if e.new == reprint_id
                and e.source == original_id
                and e.directed
                and e.share_new is not None
                and reprint_share <= e.share_new + REPRINT_GROWTH
            ),
            None,
        )

    def stale(self, new_id: str, source_id: str) -> Entry | None:
        """An entry for this pair of ids whose texts have changed since (the pair is judged again)."""
        pair = frozenset((new_id, source_id))
        return next((e for e in self.entries if e.ids == pair), None)

    def sides(self) -> set[tuple[str, str]]:
        """(id, accepted digest) of each text a pinned entry names."""
        return {
            side
            for e in self.entries
            if e.new_sha256 is not None and e.source_sha256 is not None
            for side in ((e.new, e.new_sha256), (e.source, e.source_sha256))
        }

    def relocated(self, moves: Mapping[tuple[str, str], str]) -> Baseline:
        """This baseline with each text that ``moves`` maps (id as accepted, digest) to the id it has now named
        by that id: an article moved or renamed, its bytes unchanged, is the text that was accepted (an id is
        its path, so the entry named a path no longer there).  Each entry moved says so (:attr:`Entry.moved`).

        >>> entry = Entry("2019/pitch", "2019/sky", "1" * 64, "2" * 64)
        >>> moved = Baseline((entry,)).relocated({("2019/sky", "2" * 64): "archive/sky"})
        >>> moved.accepting("2019/pitch", "1" * 64, "archive/sky", "2" * 64).moved
        (('2019/sky', 'archive/sky'),)
        """
        if not moves:
            return self
        entries: list[Entry] = []
        for e in self.entries:
            new = moves.get((e.new, e.new_sha256 or ""), e.new)
            source = moves.get((e.source, e.source_sha256 or ""), e.source)
            if (new, source) != (e.new, e.source) and new != source:
                gone = tuple((old, now) for old, now in ((e.new, new), (e.source, source)) if old != now)
                e = replace(e, new=new, source=source, moved=gone)
            entries.append(e)
        return Baseline(tuple(sorted(entries, key=_order)), self.version)

    def with_entry(self, entry: Entry) -> Baseline:
        """This baseline with ``entry`` in place of any entry for the same pair."""
        kept = [e for e in self.entries if e.ids != entry.ids]
        return Baseline(tuple(sorted([*kept, entry], key=_order)), BASELINE_VERSION)

    def __len__(self) -> int:
        return len(self.entries)


def _order(entry: Entry) -> tuple[str, str]:
    return (entry.new, entry.source)


def added_entries(base: Baseline, head: Baseline) -> tuple[Entry, ...]:
    """The entries of ``head`` that ``base`` does not already accept: what a change adds to the baseline."""
    by_pair: dict[frozenset[str], list[Entry]] = {}
    for b in base.entries:  # only an entry for the same pair can cover one: no scan of every entry per entry
        by_pair.setdefault(b.ids, []).append(b)
    return tuple(e for e in head.entries if not any(b.covers(e) for b in by_pair.get(e.ids, ())))


MAX_BASELINE_BYTES = 64_000_000
"""The largest baseline file read (a larger one is refused, not read): an entry takes some 520 bytes, so this
is over 120,000 accepted pairs, parsed in about 4 s and 250 MB (55,000 entries, 29 MB: 1.6 s, 115 MB)."""


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """The baseline file at ``path`` (empty when the file does not exist); read as a corpus file is (a
    FIFO, a device or a file over :data:`MAX_BASELINE_BYTES` is refused, never opened or read), and a
    symbolic link is refused too, as is a path through a folder that is one (:func:`linked_part`)."""
    p = Path(path)
    # What decides a verdict is never read through a link a change may have planted: the file, or a folder
    # it is in (``meta -> /elsewhere`` read a file outside the repository and printed its ids).
    link = linked_part(p)
    if link is not None:
        named = "" if os.path.normpath(link) == os.path.normpath(p) else f"{link} is "
        raise GateError(f"{path}: not a valid baseline file ({named}a symbolic link; never read through one)")
    if not p.exists():
        return Baseline()
    try:
        data = _read(p, MAX_BASELINE_BYTES, links=False)
    except LoadError as err:
        raise GateError(f"{path}: not a valid baseline file ({err})") from None
    return parse_baseline(data, str(path))


class _Invalid(ValueError):
    """What is wrong with a baseline file, worded for the person who edited it (the file is named after)."""


def _digest(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _HEX:
        raise _Invalid(f"not a SHA-256 digest (64 hexadecimal digits, lower case): {_shown(value)}")
    return value


def _share(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise _Invalid(f"not a share between 0 and 1: {_shown(value)}")
    return float(value)


def _shown(value: Any) -> str:
    """A value of the file as an error shows it: JSON, cut short (a hand-edited file may hold anything)."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


_KNOWN = ("new", "source", "new_sha256", "source_sha256", "new_path", "source_path", "share_new", "share_source")
_STRINGS = ("new_path", "source_path", "reason", "by")


def _string(item: Mapping[str, Any], key: str, *, required: bool) -> str:
    if key not in item:
        if required:
            raise _Invalid(f"missing key {key!r}")
        return ""
    value = item[key]
    if not isinstance(value, str) or (required and not value):
        wanted = "a text id" if required else "a string"
        raise _Invalid(
            f"key {key!r} must be {wanted}, not {_type_name(value)}" + (f" {_shown(value)}" if value else "")
        )
    return value


def _keyed(key: str, read: Any, value: Any) -> Any:
    try:
        return read(value)
    except _Invalid as err:
        raise _Invalid(f"key {key!r}: {err}") from None


def _entry(item: Any) -> Entry:
    if not isinstance(item, dict):
        raise _Invalid(f"must be an object, not {_type_name(item)}")
    new, source = _string(item, "new", required=True), _string(item, "source", required=True)
    strings = {k: _string(item, k, required=False) for k in _STRINGS}
    digests: tuple[str | None, str | None] = (
        _keyed("new_sha256", _digest, item.get("new_sha256")),
        _keyed("source_sha256", _digest, item.get("source_sha256")),
    )
    if (digests[0] is None) != (digests[1] is None):
        raise _Invalid("pins both texts (new_sha256 and source_sha256) or neither")
    extra = tuple(sorted((k, v) for k, v in item.items() if k not in (*_KNOWN, *strings) and isinstance(v, str)))
    return Entry(
        new,
        source,
        *digests,
        new_path=strings["new_path"],
        source_path=strings["source_path"],
        share_new=_keyed("share_new", _share, item.get("share_new")),
        share_source=_keyed("share_source", _share, item.get("share_source")),
        reason=strings["reason"],
        by=strings["by"],
        extra=extra,
    )


def _pair(item: Any) -> Entry:
    if not isinstance(item, dict):
        raise _Invalid(f"must be an object, not {_type_name(item)}")
    return Entry(_string(item, "a", required=True), _string(item, "b", required=True), by="baseline")


def _items(document: Mapping[str, Any], key: str, read: Any) -> list[Entry]:
    """Each item of the document's list ``key`` read, an error naming the item by place and ids."""
    if key not in document:
        raise _Invalid(f"missing key {key!r}")
    items = document[key]
    if not isinstance(items, list):
        raise _Invalid(f"key {key!r} must be a list, not {_type_name(items)}")
    read_items: list[Entry] = []
    for n, item in enumerate(items):
        try:
            read_items.append(read(item))
        except _Invalid as err:
            ids = [
                f"{k} {_shown(item[k])}" for k in ("new", "source", "a", "b") if isinstance(item, dict) and k in item
            ]
            raise _Invalid(f"{key}[{n}]" + (f" ({', '.join(ids)})" if ids else "") + f": {err}") from None
    return read_items


def parse_baseline(data: bytes, source: str) -> Baseline:
    """The baseline of a file's bytes (``source`` names it in the error): one line naming what is wrong and
    where, the JSON line and column or the entry (its place in ``entries`` and its ids) and the key.

    >>> parse_baseline(b'{"version": 2, "entries": [{"new": "copy"}]}', "b.json")
    Traceback (most recent call last):
    ...
    provenance.ci.policy.GateError: b.json: not a valid baseline file: entries[0] (new "copy"): missing key 'source'
    """
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict):
            raise _Invalid(f"the file must hold a JSON object, not {_type_name(document)}")
        version = document.get("version", 1)
        if version not in _READABLE or isinstance(version, bool):
            raise _Invalid(f"version {_shown(version)}; this provenance reads versions 1 and 2 (upgrade provenance)")
        if version == 1:
            pairs = _items(document, "pairs", _pair)
            return Baseline(tuple(sorted(pairs, key=_order)), 1)
        entries = tuple(sorted(_items(document, "entries", _entry), key=_order))
    except UnicodeDecodeError as err:
        raise GateError(f"{source}: not a valid baseline file: not UTF-8 text (byte {err.start})") from None
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        raise GateError(f"{source}: not a valid baseline file: not JSON at {where} ({err.msg.lower()})") from None
    except RecursionError:
        raise GateError(f"{source}: not a valid baseline file: nested too deeply") from None
    except _Invalid as err:
        raise GateError(f"{source}: not a valid baseline file: {err}") from None
    except ValueError as err:  # what json.loads refuses past its syntax (an integer of 5,000 digits)
        reason = str(err).split(":", 1)[0].lower()  # Python's advice after the colon is no reader's
        raise GateError(f"{source}: not a valid baseline file: not JSON ({reason})") from None
    return Baseline(entries, 2)


@contextlib.contextmanager
def baseline_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the baseline file ``path`` for one read of its entries and the write of them again: another
    process doing the same waits (an advisory lock, ``flock``, on the file's folder: the file itself is
    replaced by each write, and a lock file would be one more file in the corpus).

    Eight ``provenance accept`` run at once on one baseline each read it, added their entry and wrote it
    back: 2 to 6 of the 8 entries were kept, and every one of the eight said it had accepted its pair.
    Where there is no ``flock`` (Windows) nothing is held.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    folder = Path(os.path.abspath(path)).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)  # as the write would
        fd = os.open(folder, os.O_RDONLY)
    except OSError as err:
        raise GateError(f"{path}: cannot write: {err.strerror or err}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and the lock with it


def write_baseline(path: str | os.PathLike[str], entries: Baseline | Iterable[Entry | tuple[str, str]]) -> int:
    """Write the entries (version 2, sorted, deterministic) atomically; return how many.

    A bare ``(a, b)`` pair becomes an entry that pins no text, as version 1 pairs are read.
    """
    given = entries.entries if isinstance(entries, Baseline) else entries
    unique: dict[frozenset[str], Entry] = {}
    for item in given:
        if isinstance(item, Entry):
            entry = item
        else:
            a, b = sorted(item)
            entry = Entry(a, b)
        unique[entry.ids] = entry
    ordered = sorted(unique.values(), key=_order)
    data = {"version": BASELINE_VERSION, "entries": [e.to_dict() for e in ordered]}
    write_atomic(path, render_json(data))  # DEL and C1 controls escaped, as in every JSON output
    return len(ordered)
