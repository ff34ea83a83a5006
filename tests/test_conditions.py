"""The condition language over facts."""

from __future__ import annotations

import pytest

from zccheck.conditions import ConditionError, parse_condition
from zccheck.facts import Facts, condition_names

NAMES = condition_names()


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ("always", Facts(), True),
        ("never", Facts(), False),
        ('route == "直接申报"', Facts(route="直接申报"), True),
        ('route == "直接申报"', Facts(route="正常"), False),
        ('route == "直接申报"', Facts(), False),
        ('route != "正常"', Facts(route="破格"), True),
        ("route in ['直接申报', '破格']", Facts(route="破格"), True),
        ("route in ['直接申报', '破格']", Facts(route="正常"), False),
        ("flags.dispatched", Facts(flags={"dispatched": True}), True),
        ("flags.dispatched", Facts(), False),
        ("not flags.dispatched", Facts(), True),
        ('route == "正常" and flags.title_not_shared and level != "技术员"',
         Facts(route="正常", level="工程师", flags={"title_not_shared": True}), True),
        ('route == "正常" and flags.title_not_shared and level != "技术员"',
         Facts(route="正常", level="技术员", flags={"title_not_shared": True}), False),
        ('(industry == "住建" or flags.epidemic) and not flags.central_unit', Facts(industry="住建"), True),
        ("flags.epidemic == true", Facts(flags={"epidemic": True}), True),
    ],
)
def test_evaluate(text: str, facts: Facts, expected: bool) -> None:
    assert parse_condition(text, NAMES).evaluate(facts) is expected


def test_names_are_collected() -> None:
    condition = parse_condition('route == "破格" and flags.dispatched', NAMES)
    assert condition.names == {"route", "flags.dispatched"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("rout == '正常'", "unknown fact"),
        ("flags.nonexistent", "unknown fact"),
        ("route ==", "ends too early"),
        ("route == 正常", "unexpected text"),
        ("route == flags.dispatched", "expected a quoted string"),
        ("route in '正常'", r"expected '\['"),
        ("(route == '正常'", "ends too early"),
        ("route == '正常' xor flags.dispatched", "unexpected"),
        ("__import__('os')", "unknown fact '__import__'"),
        ("route == '正常' ;", "unexpected text"),
    ],
)
def test_malformed_conditions_are_rejected(text: str, fragment: str) -> None:
    with pytest.raises(ConditionError, match=fragment):
        parse_condition(text, NAMES)
