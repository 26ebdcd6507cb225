"""Pass 3b, currency: the header's `currency` is an ISO 4217 code that amounts can be written in.

Input: the `Scope` of a contract. Output: SLA-E305 at the header's `currency` statement when the
code is not three capital letters (`usd`: the hint writes it `USD`), is not an ISO 4217 code
(`XYZ`: the hint names a code one slip away, if one is), or is not a current one (`HRK`: the hint
names the currency used in its place today).

Invariants: the list of codes is Babel's (CLDR's ISO 4217 data, shipped inside the package, read
without any download) narrowed to the codes the grammar's `MONEY` terminal reads: a code the
checker accepts is one in which `100 CODE` can be written. `known_currency` answers the same
question for the other passes (the units pass says nothing of amounts when the header's code is
itself wrong).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator, Mapping

from babel.core import get_global
from babel.numbers import get_currency_name, list_currencies

from sladsl.checker.scope import Scope
from sladsl.diagnostics import Diagnostic
from sladsl.grammar import money_pattern

_SHAPE = re.compile(r"[A-Z]{3}")


@functools.cache
def writable_codes() -> frozenset[str]:
    """The ISO 4217 codes in which an amount can be written (`100 USD`)."""
    money = money_pattern()
    return frozenset(code for code in list_currencies() if money.fullmatch(f"1 {code}"))


def known_currency(code: str) -> bool:
    return code in writable_codes()


def run(scope: Scope) -> Iterator[Diagnostic]:
    header = scope.contract.header
    if header is None or header.currency is None or known_currency(header.currency):
        return
    code = header.currency
    message, hint = _problem(code)
    yield scope.diagnostic("SLA-E305", message, header.currency_span, hint=hint)


def _problem(code: str) -> tuple[str, str]:
    if not _SHAPE.fullmatch(code):
        written = code.upper()
        if known_currency(written):
            hint = f"write `currency {written}`"
        else:
            hint = _nearest(written) or "write a code such as `currency USD`"
        return (
            f"`{code}` is not a currency code: an ISO 4217 code is three capital letters",
            hint,
        )
    if code in list_currencies():
        replacement = _replacement(code)
        name = get_currency_name(code, locale="en")
        return (
            f"`{code}` ({name}) is not a current ISO 4217 code: amounts cannot be written in it",
            f"write `currency {replacement}`, the currency used in its place today"
            if replacement
            else "write the code of the currency the contract pays in, such as `currency USD`",
        )
    return (
        f"`{code}` is not an ISO 4217 currency code",
        _nearest(code) or "write a code such as `currency USD`, `currency EUR` or `currency GBP`",
    )


def _nearest(code: str) -> str | None:
    """A code one slip away: two letters swapped (`UDS`), or one letter wrong (`EUO`); the most
    used currency first when several are that close."""
    codes = writable_codes()
    swapped = {code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(len(code) - 1)}
    near = sorted(swapped & codes, key=_usual_first)
    if not near:
        near = sorted(
            (c for c in codes if len(c) == len(code) and _slips(c, code) == 1), key=_usual_first
        )
    if not near:
        near = difflib.get_close_matches(code, sorted(codes), n=1, cutoff=0.6)
    return f"did you mean `currency {near[0]}`?" if near else None


def _slips(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


# The most traded currencies, preferred when several codes are as close to a typo.
_USUAL = ("USD", "EUR", "JPY", "GBP", "CNY", "AUD", "CAD", "CHF", "HKD", "SGD", "SEK", "NOK",
          "DKK", "NZD", "INR", "KRW", "MXN", "BRL", "ZAR", "PLN")  # fmt: skip


def _usual_first(code: str) -> tuple[int, str]:
    return (_USUAL.index(code) if code in _USUAL else len(_USUAL), code)


def _replacement(code: str) -> str | None:
    """The code in use today where `code` was last used (HRK -> EUR), if there is one."""
    territories: Mapping[str, list[tuple[str, object, object, bool]]]
    territories = get_global("territory_currencies")
    for history in territories.values():
        if any(old == code for old, *_ in history):
            current = [new for new, _, end, tender in history if end is None and tender]
            if len(current) == 1 and known_currency(current[0]):
                return current[0]
    return None
