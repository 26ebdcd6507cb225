"""`--param NAME=VALUE` against the contract's declared parameters."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sladsl import nodes as n
from sladsl.evaluate.params import ParamError, resolve_params
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent


def contract(name: str) -> n.Contract:
    result = parse((ROOT / "contracts" / name).read_text(encoding="utf-8"), name)
    assert result.contract is not None
    return result.contract


def test_money_and_choice_from_the_command_line() -> None:
    params = resolve_params(contract("cpaas.sla"), {"monthly_fee": "2500", "connection": "single"})
    fee = params.get("monthly_fee")
    assert isinstance(fee, n.Money) and fee.amount == Decimal("2500") and fee.currency == "EUR"
    assert params.get("connection") == n.Ref("single")


def test_money_may_carry_the_contract_currency() -> None:
    for given in ("1000.50 USD", "1000.50USD", "1000.50 usd", " 1000.50 "):
        params = resolve_params(contract("voip.sla"), {"monthly_fee": given})
        assert params.get("monthly_fee") == n.Money(Decimal("1000.50"), "USD"), given


def test_defaults_apply_and_optional_parameters_may_be_absent() -> None:
    assert resolve_params(contract("maaiiconnect.sla"), {}).get("plan") == n.Ref("PRO")
    assert resolve_params(contract("akuvox.sla"), {}).get("fees_paid") is None


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        ("voip.sla", {}, "parameter `monthly_fee` (an amount of money) is required"),
        (
            "voip.sla",
            {"monthly_fee": "lots"},
            "`monthly_fee` must be an amount of money, not `lots`",
        ),
        ("voip.sla", {"monthly_fee": "-5"}, "`monthly_fee` must not be negative, not `-5`"),
        (
            "voip.sla",
            {"monthly_fee": "400 EUR"},
            "is in USD, the contract's currency, not `400 EUR`",
        ),
        ("voip.sla", {"monthly_fee": "400.001"}, "has more decimals than USD has (2): `400.001`"),
        ("voip.sla", {"monthly_fee": "1e3"}, "must be an amount of money, not `1e3`"),
        ("voip.sla", {"monthly_fee": "1_000"}, "must be an amount of money, not `1_000`"),
        ("voip.sla", {"fee_percent_typo": "1"}, "the contract has no parameter `fee_percent_typo`"),
        ("voip.sla", {"monthly_fee": "1000", "fee": "1"}, "the contract has no parameter `fee`"),
        ("cpaas.sla", {"monthly_fee": "1", "connection": "dual"}, "one of redundant, single"),
    ],
)
def test_wrong_parameters_are_named(name: str, given: dict[str, str], message: str) -> None:
    with pytest.raises(ParamError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_params(contract(name), given)
