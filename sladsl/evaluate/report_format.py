"""How numbers and durations appear in the JSON report (interface.md section 3).

Input: Decimals, timedeltas, instants. Output: strings: decimals without exponent or float noise
(`"98.9583"`, `"450.00"`), ISO 8601 durations (`"PT6H30M"`, `"P2DT4H"`), RFC 3339 instants in UTC
with `Z`.

Invariants: never a float; money has its currency's minor units (ISO 4217 exponents).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

# Currencies whose minor unit is not the cent (ISO 4217 exponent), others have 2.
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3, "CLF": 4, "UYW": 4,
}  # fmt: skip


def minor_places(currency: str) -> int:
    """How many decimals the currency's amounts have (ISO 4217 exponent: 2 for USD, 0 for JPY)."""
    return _EXPONENTS.get(currency, 2)


def money(amount: Decimal, currency: str) -> Decimal:
    """Rounded half-up to the currency's minor unit."""
    places = minor_places(currency)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal_text(value: Decimal) -> str:
    """A plain decimal string: no exponent, trailing zeros kept as computed."""
    return f"{value:f}"


def percent_text(value: Decimal) -> str:
    """A percentage: whole numbers as they are, others with at least four decimal places."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():f}"
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):f}"


def iso_duration(delta: timedelta) -> str:
    """`PT6H30M`, `P2DT4H`, `PT0S`; fractions of a second as decimals of `S`."""
    micros = delta // timedelta(microseconds=1)
    sign = "-" if micros < 0 else ""
    micros = abs(micros)
    days, rest = divmod(micros, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds = Decimal(rest) / 1_000_000
    out = f"{sign}P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds:
        clock += f"{seconds.normalize():f}S"
    if clock:
        out += "T" + clock
    return out if out not in ("P", "-P") else "PT0S"


def instant(at: datetime) -> str:
    text = at.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")
