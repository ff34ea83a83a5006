"""A tiny, safe condition language over applicant facts (never `eval`).

Grammar:
    expr     := or
    or       := and ("or" and)*
    and      := not ("and" not)*
    not      := "not" not | compare
    compare  := atom (("==" | "!=") literal | "in" list)?
    atom     := NAME | "(" expr ")" | "always" | "never"
    literal  := STRING | "true" | "false"
    list     := "[" literal ("," literal)* "]"
NAME is a fact name such as `route`, `level`, `flags.dispatched`. Strings use single or double quotes.
A literal compared with a fact that has a vocabulary (route, level, industry, education; flags are true/false)
must be one of its values: `route == "直接申请"` is a ConditionError, never a rule that silently never holds.
Examples: `always`, `route == "直接申报"`, `flags.dispatched`, `route in ["直接申报", "破格"] and not flags.x`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>"[^"]*"|'[^']*')
      | (?P<op>==|!=|\(|\)|\[|\]|,)
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "always", "never"}


class ConditionError(ValueError):
    """A condition could not be parsed or names an unknown fact."""


class _FactSource(Protocol):
    def lookup(self, name: str) -> Any: ...


@dataclass(frozen=True)
class Condition:
    """A parsed condition: its source text, the fact names it uses, and an evaluator."""

    text: str
    names: frozenset[str]
    _evaluate: Callable[[_FactSource], bool]

    def evaluate(self, facts: _FactSource) -> bool:
        """True when the condition holds for `facts` (an unknown/missing fact compares as None)."""
        return bool(self._evaluate(facts))

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    stripped_end = len(text.rstrip())
    while pos < stripped_end:
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ConditionError(f"unexpected text at position {pos}: {text[pos:pos + 12]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, known: frozenset[str],
                 vocabularies: Mapping[str, tuple[Any, ...]] | None = None) -> None:
        self.tokens = _tokenize(text)
        self.pos = 0
        self.known = known
        self.vocabularies = vocabularies or {}
        self.names: set[str] = set()
        self.last_name: str | None = None

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ConditionError("condition ends too early")
        if value is not None and token[1] != value:
            raise ConditionError(f"expected {value!r}, found {token[1]!r}")
        self.pos += 1
        return token

    def parse(self) -> Callable[[_FactSource], Any]:
        node = self.parse_or()
        if self.peek() is not None:
            raise ConditionError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return node

    def parse_or(self) -> Callable[[_FactSource], Any]:
        parts = [self.parse_and()]
        while self.peek() == ("word", "or"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else (lambda f, ps=tuple(parts): any(p(f) for p in ps))

    def parse_and(self) -> Callable[[_FactSource], Any]:
        parts = [self.parse_not()]
        while self.peek() == ("word", "and"):
            self.take()
            parts.append(self.parse_not())
        return parts[0] if len(parts) == 1 else (lambda f, ps=tuple(parts): all(p(f) for p in ps))

    def parse_not(self) -> Callable[[_FactSource], Any]:
        if self.peek() == ("word", "not"):
            self.take()
            inner = self.parse_not()
            return lambda f: not inner(f)
        return self.parse_compare()

    def parse_compare(self) -> Callable[[_FactSource], Any]:
        self.last_name = None
        left = self.parse_atom()
        name = self.last_name
        token = self.peek()
        if token == ("op", "=="):
            self.take()
            value = self.check_literal(name, self.parse_literal())
            return lambda f: left(f) == value
        if token == ("op", "!="):
            self.take()
            value = self.check_literal(name, self.parse_literal())
            return lambda f: left(f) != value
        if token == ("word", "in"):
            self.take()
            values = tuple(self.check_literal(name, v) for v in self.parse_list())
            return lambda f: left(f) in values
        return left

    def check_literal(self, name: str | None, value: Any) -> Any:
        """`value` when the fact `name` can take it; a ConditionError naming the allowed values otherwise."""
        allowed = self.vocabularies.get(name) if name else None
        if allowed is not None and value not in allowed:
            shown = ", ".join(_show(v) for v in allowed)
            raise ConditionError(f"{_show(value)} is not a value of {name} (one of: {shown})")
        return value

    def parse_atom(self) -> Callable[[_FactSource], Any]:
        kind, value = self.take()
        if (kind, value) == ("op", "("):
            inner = self.parse_or()
            self.take(")")
            return inner
        if kind == "word" and value == "always":
            return lambda f: True
        if kind == "word" and value == "never":
            return lambda f: False
        if kind == "word" and value not in _KEYWORDS:
            if value not in self.known:
                raise ConditionError(f"unknown fact {value!r}")
            self.names.add(value)
            self.last_name = value
            return lambda f, name=value: f.lookup(name)
        raise ConditionError(f"unexpected {value!r}")

    def parse_literal(self) -> Any:
        kind, value = self.take()
        if kind == "str":
            return value[1:-1]
        if (kind, value) == ("word", "true"):
            return True
        if (kind, value) == ("word", "false"):
            return False
        raise ConditionError(f"expected a quoted string, true or false; found {value!r}")

    def parse_list(self) -> tuple[Any, ...]:
        self.take("[")
        values = [self.parse_literal()]
        while self.peek() == ("op", ","):
            self.take()
            values.append(self.parse_literal())
        self.take("]")
        return tuple(values)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"'


def parse_condition(text: str, known_names: frozenset[str],
                    vocabularies: Mapping[str, tuple[Any, ...]] | None = None) -> Condition:
    """Parse `text`; raise ConditionError naming the problem. `known_names` are the allowed fact names;
    `vocabularies` maps a fact name to the values a literal compared with it may take (others are errors)."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("empty condition")
    parser = _Parser(text, known_names, vocabularies)
    evaluator = parser.parse()
    return Condition(text=text.strip(), names=frozenset(parser.names), _evaluate=evaluator)


ALWAYS = Condition("always", frozenset(), lambda f: True)


def describe_condition(text: str, lang: str = "zh", words: dict[str, tuple[str, str]] | None = None) -> str:
    """The condition `text` in words: `route == "直接申报"` → 申报方式为“直接申报”; English with lang="en".

    `words` maps fact names to (Chinese, English) (facts.FACT_WORDS by default); an unknown name is shown as is.
    A text that does not parse is returned unchanged (the loader rejects such checklists anyway).
    """
    if words is None:
        from zccheck.facts import FACT_WORDS as words
    try:
        return _Describer(_tokenize(text), lang == "en", words).describe()
    except (ConditionError, IndexError):
        return text


class _Describer:
    """Renders a token stream in words, following the grammar of _Parser."""

    def __init__(self, tokens: list[tuple[str, str]], en: bool, words: dict[str, tuple[str, str]]) -> None:
        self.tokens, self.pos, self.en, self.words = tokens, 0, en, words

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def describe(self) -> str:
        text = self.parse_or()
        if self.peek() is not None:
            raise ConditionError("trailing text")
        return text

    def parse_or(self) -> str:
        parts = [self.parse_and()]
        while self.peek() == ("word", "or"):
            self.take()
            parts.append(self.parse_and())
        return (" or " if self.en else "，或").join(parts)

    def parse_and(self) -> str:
        parts = [self.parse_not()]
        while self.peek() == ("word", "and"):
            self.take()
            parts.append(self.parse_not())
        return (" and " if self.en else "，且").join(parts)

    def parse_not(self) -> str:
        if self.peek() == ("word", "not"):
            self.take()
            inner = self.parse_not()
            return f"not ({inner})" if self.en else f"非“{inner}”"
        return self.parse_compare()

    def name(self, fact: str) -> str:
        zh, en = self.words.get(fact, (fact, fact))
        return en if self.en else zh

    def literal(self) -> str:
        kind, value = self.take()
        if kind == "str":
            return value[1:-1] if self.en else f"“{value[1:-1]}”"
        return {"true": ("是", "yes"), "false": ("否", "no")}.get(value, (value, value))[self.en]

    def parse_compare(self) -> str:
        kind, value = self.take()
        if (kind, value) == ("op", "("):
            inner = self.parse_or()
            self.take()
            return f"({inner})" if self.en else f"（{inner}）"
        if (kind, value) == ("word", "always"):
            return "every application" if self.en else "全部申报"
        if (kind, value) == ("word", "never"):
            return "never" if self.en else "不适用"
        name = self.name(value)
        token = self.peek()
        if token in (("op", "=="), ("op", "!=")):
            self.take()
            literal = self.literal()
            if token[1] == "==":
                return f"{name} is {literal}" if self.en else f"{name}为{literal}"
            return f"{name} is not {literal}" if self.en else f"{name}不是{literal}"
        if token == ("word", "in"):
            self.take()
            self.take()  # [
            values = [self.literal()]
            while self.peek() == ("op", ","):
                self.take()
                values.append(self.literal())
            self.take()  # ]
            return f"{name} is {' or '.join(values)}" if self.en else f"{name}为{'或'.join(values)}"
        return name
