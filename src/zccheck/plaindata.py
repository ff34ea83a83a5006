"""Plain data <-> JSON for the persistent cache: values are data, never code.

`encode(value)` turns a memo value into JSON-ready data; `decode(data)` turns it back. Only these shapes are
accepted: None, bool, int, float, str, list, tuple, dict, set/frozenset, date/datetime, a `ContentError`
(reason and detail), and dataclasses named in `PLAIN_TYPES` (or added with `register`), field by field.
Anything else raises `NotPlainData` and is simply not cached. Decoding never imports or calls anything a
file names: a type tag is looked up in the allow-list, and the dataclass is built with its constructor
from decoded plain values (its `to_dict` is `dataclasses.fields`, its `from_dict` the constructor).
"""

from __future__ import annotations

import dataclasses
import importlib
import numbers
from datetime import date, datetime
from typing import Any


class NotPlainData(ValueError):
    """A value (or stored data) is not one of the plain shapes the cache keeps."""


# Dataclasses whose instances are memoised by checks and readers ("module:QualName"). Decoding resolves only
# these names; each is imported from this table, never from a name read in a cache file.
PLAIN_TYPES: tuple[str, ...] = (
    "zccheck.content.text:ExtractedText",
    "zccheck.content.ocr:OcrResult",
    "zccheck.content.photo_measure:PhotoMeasures",
    "zccheck.content.photo_measure:FaceBox",
    "zccheck.content.scan_quality:ScanReport",
    "zccheck.content.scan_quality:PageScan",
    "zccheck.content.pension.model:PensionRecord",
    "zccheck.content.pension.model:PensionRow",
    "zccheck.checks.consistency:_Seen",
    "zccheck.recognize.signatures:Match",
)
_REGISTERED: dict[str, type] = {}
_ERROR_TAG = "content-error"


def register(cls: type) -> type:
    """Allow the dataclass `cls` (plain-valued fields only) in the cache; usable as a class decorator."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    _REGISTERED[_name(cls)] = cls
    return cls


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _allowed(name: str) -> type | None:
    """The class for a type tag, when (and only when) it is allow-listed."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    if name not in PLAIN_TYPES:
        return None
    module_name, _, qualname = name.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), qualname)
    except (ImportError, AttributeError):
        return None
    if not dataclasses.is_dataclass(cls) or _name(cls) != name:
        return None
    _REGISTERED[name] = cls
    return cls


def encode(value: Any) -> Any:
    """`value` as JSON-ready data; raises NotPlainData for anything that is not plain data."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        tag = "frozenset" if isinstance(value, frozenset) else "set"
        return {"$": tag, "v": sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, dict):
        return {"$": "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    from zccheck.content.errors import ContentError

    if type(value) is ContentError:
        return {"$": _ERROR_TAG, "reason": value.reason, "detail": value.detail}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = _name(type(value))
        if _allowed(name) is not type(value):
            raise NotPlainData(f"{name} is not an allow-listed plain-data type")
        return {"$": "dc", "t": name,
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}}
    raise NotPlainData(f"{type(value).__name__} is not plain data")


def decode(data: Any) -> Any:
    """The value `encode` was given; raises NotPlainData for data it could not have produced."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        raise NotPlainData(f"unexpected {type(data).__name__}")
    tag = data.get("$")
    items = data.get("v")
    if tag in ("tuple", "set", "frozenset") and isinstance(items, list):
        values = [decode(v) for v in items]
        return tuple(values) if tag == "tuple" else (set(values) if tag == "set" else frozenset(values))
    if tag == "dict" and isinstance(items, list):
        pairs = [(decode(p[0]), decode(p[1])) for p in items if isinstance(p, list) and len(p) == 2]
        if len(pairs) != len(items):
            raise NotPlainData("bad dict entry")
        try:
            return dict(pairs)
        except TypeError as exc:  # an unhashable key
            raise NotPlainData(str(exc)) from None
    if tag in ("date", "datetime") and isinstance(items, str):
        try:
            return datetime.fromisoformat(items) if tag == "datetime" else date.fromisoformat(items)
        except ValueError as exc:
            raise NotPlainData(str(exc)) from None
    if tag == _ERROR_TAG and isinstance(data.get("reason"), str) and isinstance(data.get("detail"), str):
        from zccheck.content.errors import ContentError

        return ContentError(data["reason"], data["detail"])
    if tag == "dc" and isinstance(data.get("t"), str) and isinstance(data.get("f"), dict):
        cls = _allowed(data["t"])
        if cls is None:
            raise NotPlainData(f"{data['t']!r} is not an allow-listed type")
        expected = {f.name for f in dataclasses.fields(cls) if f.init}
        if set(data["f"]) != expected:
            raise NotPlainData(f"{data['t']}: fields differ")
        try:
            return cls(**{key: decode(value) for key, value in data["f"].items()})
        except TypeError as exc:
            raise NotPlainData(str(exc)) from None
    raise NotPlainData(f"unknown tag {tag!r}")
