"""Contract parameters: the `--param NAME=VALUE` texts of a run, checked against the contract.

Input: a checked `nodes.Contract` and the texts given on the command line.
Output: `Params`, every declared parameter's value (given, else its default; optional ones may be
absent), as AST values (`Money`, `Percent`, `Duration`, `Number`, or a choice's `Ref`).

Invariants: a missing required parameter, an unknown name or a value of the wrong kind raises
`ParamError` naming the parameter and what was expected; money is in the contract's currency.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

import attrs

from sladsl import nodes as n
from sladsl.evaluate.report_format import minor_places

_TOO_LARGE = Decimal("1e15")  # beyond any fee, and keeps the arithmetic far from overflow
_MONEY = re.compile(r"(-?[0-9.]+)\s*([A-Za-z]{3})?")  # `1000`, `1000 USD`, `1000USD`
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")  # plain decimals: no sign, exponent or `_`
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(ms|s|min|h|d|day|days|w|week|weeks)")
_UNITS = {"d": "day", "days": "day", "w": "week", "weeks": "week"}

ParamValue = n.Money | n.Percent | n.Duration | n.Number | n.Ref


class ParamError(ValueError):
    """A parameter given wrongly, or not given: the message names it."""


@attrs.frozen
class Params:
    values: Mapping[str, ParamValue]

    def get(self, name: str) -> ParamValue | None:
        return self.values.get(name)


def resolve_params(contract: n.Contract, given: Mapping[str, str]) -> Params:
    declared = {d.name: d for d in contract.declarations if isinstance(d, n.Param)}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(f"`{name}`" for name in declared) or "none"
        raise ParamError(f"the contract has no parameter `{unknown[0]}` (its parameters: {known})")
    currency = contract.header.currency if contract.header else None
    values: dict[str, ParamValue] = {}
    for name, param in declared.items():
        if name in given:
            values[name] = _convert(param, given[name], currency)
        elif param.default is not None and isinstance(param.default, ParamValue):
            values[name] = param.default
        elif not param.optional:
            raise ParamError(
                f"parameter `{name}` ({_describe(param)}) is required: "
                f"give it as --param {name}={_example(param, currency)}"
            )
    return Params(values)


def _describe(param: n.Param) -> str:
    if param.type.kind == "choice":
        return "one of " + ", ".join(c.name for c in param.type.choices)
    return {"money": "an amount of money", "percent": "a percentage", "duration": "a duration"}.get(
        param.type.kind, "a number"
    )


def _example(param: n.Param, currency: str | None) -> str:
    kind = param.type.kind
    if kind == "choice":
        return param.type.choices[0].name
    return {"money": "1000", "percent": "99.9", "duration": "4h"}.get(kind, "1")


def _convert(param: n.Param, text: str, currency: str | None) -> ParamValue:
    raw = text.strip()
    kind = param.type.kind

    def wrong() -> ParamError:
        return ParamError(
            f"parameter `{param.name}` must be {_describe(param)}, not `{text}`"
            f" (for example --param {param.name}={_example(param, currency)})"
        )

    if kind == "choice":
        choices = [c.name for c in param.type.choices]
        if raw not in choices:
            raise wrong()
        return n.Ref(raw)
    if kind == "duration":
        match = _DURATION.fullmatch(raw)
        if match is None:
            raise wrong()
        unit = _UNITS.get(match.group(2), match.group(2))
        return n.Duration(Decimal(match.group(1)), unit, text=raw)
    number_text = raw
    money_match = _MONEY.fullmatch(raw) if kind == "money" else None
    if money_match is not None:
        number_text, named = money_match.group(1), (money_match.group(2) or "").upper()
        if named and currency and named != currency:
            raise ParamError(
                f"parameter `{param.name}` is in {currency}, the contract's currency,"
                f" not `{text}` (for example --param {param.name}={_example(param, currency)})"
            )
    if kind == "percent":
        number_text = raw.removesuffix("%").strip()
    if number_text.startswith("-") and _NUMBER.fullmatch(number_text[1:]):
        raise ParamError(f"parameter `{param.name}` must not be negative, not `{text}`")
    if not _NUMBER.fullmatch(number_text):
        raise wrong()
    value = Decimal(number_text)  # a plain decimal, by the pattern
    if value >= _TOO_LARGE:
        raise ParamError(
            f"parameter `{param.name}` is too large: `{text}` (at most 15 digits before the point)"
        )
    if kind == "money":
        places = minor_places(currency) if currency else None
        exponent = value.as_tuple().exponent  # an int: the pattern admits no NaN or infinity
        if places is not None and isinstance(exponent, int) and -exponent > places:
            raise ParamError(
                f"parameter `{param.name}` has more decimals than {currency} has ({places}):"
                f" `{text}`"
            )
        return n.Money(value, currency or "", text=raw)
    if kind == "percent":
        return n.Percent(value, text=raw)
    return n.Number(value, text=raw)
