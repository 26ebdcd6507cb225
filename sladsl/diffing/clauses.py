"""Comparing two versions of one clause, field by field, in the clause's own terms.

Input: a matched pair of declarations of one kind and name (or two contract headers), and the
new contract (which says who a remedy, a cap or a count's flag is good for). Output: the
`Change`s between them, in the order the clause is written: title, the statements of its kind,
then its literate statements.

Invariants: every field that takes part in the AST's equality is compared, so two clauses that
differ always give at least one change (tests/test_contract_diff.py mutates each field to make
sure); rows are matched by what they are for (timer rows by guard and level, levels, holidays
and components by name, tiers by their bounds), never by position; a verdict is given, other
things being equal, only where the direction is certain (see `sladsl.diffing.verdicts`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sladsl import nodes as n
from sladsl.diffing import wording
from sladsl.diffing.changes import Favours, combine
from sladsl.diffing.fields import Fields
from sladsl.diffing.matching import multiset_difference, order_changed, pair, row_key
from sladsl.diffing.verdicts import (
    REMEDY_FAVOURS,
    amount_direction,
    cap_favours,
    direction,
    flag_favours,
    remedy_favours,
    rounding_direction,
    threshold_direction,
)

CUSTOMER, PROVIDER = Favours.CUSTOMER, Favours.PROVIDER
NEITHER, UNCLEAR = Favours.NEITHER, Favours.UNCLEAR


def header(out: Fields, old: n.ContractHeader, new: n.ContractHeader) -> None:
    out.scalar("name", "contract name", old.name, new.name, str)
    out.text("title", "title", old.title, new.title)
    out.text("provider", "provider", old.provider, new.provider)
    out.text("version", "version", old.version, new.version)
    out.scalar("date", "date", old.date, new.date, str)
    out.scalar("currency", "currency", old.currency, new.currency, str)
    out.scalar("zone", "time zone", old.zone, new.zone, str)
    out.text("source", "source document", old.source, new.source)
    out.doc(old.doc, new.doc)


def declaration(out: Fields, old: n.Declaration, new: n.Declaration, contract: n.Contract) -> None:
    """Both declarations have the same kind and name (`sladsl.diffing.matching`)."""
    if isinstance(old, n.Param) and isinstance(new, n.Param):
        _param(out, old, new)
        return
    assert not isinstance(old, n.Param) and not isinstance(new, n.Param)
    out.text("title", "title", old.title, new.title)
    _COMPARE[type(new)](out, old, new, contract)
    out.doc(old.doc, new.doc)


# --------------------------------------------------------------------------- declarations


def _param(out: Fields, old: n.Param, new: n.Param) -> None:
    out.text("description", "description", old.description, new.description)
    out.scalar("type", "type", old.type.kind, new.type.kind, str)
    out.names("type.choices", "choice", old.type.choices, new.type.choices)
    out.value("default", "default", old.default, new.default)
    out.flag("optional", "optional", old.optional, new.optional, UNCLEAR)


def _service(out: Fields, old: n.Service, new: n.Service, contract: n.Contract) -> None:
    for before, after in pair(old.components, new.components, lambda c: c.name):
        if before is None or after is None:
            item = before if after is None else after
            assert item is not None
            spelled = wording.titled(item.name, item.title)
            out.add(
                f"components[{item.name}]",
                "component",
                None if before is None else spelled,
                None if after is None else spelled,
            )
        else:
            field = f"components[{after.name}].title"
            out.text(field, f"title of component {after.name}", before.title, after.title)


def _calendar(out: Fields, old: n.Calendar, new: n.Calendar, contract: n.Contract) -> None:
    out.scalar("zone", "time zone", old.zone, new.zone, str)
    out.items("opens", "open hours", old.opens, new.opens, wording.open_rule)
    for before, after in pair(old.holidays, new.holidays, lambda h: h.name):
        if before is None or after is None:
            item = before if after is None else after
            assert item is not None
            spelled = f"{wording.titled(item.name, item.title)} {wording.date_rule(item.rule)}"
            out.add(
                f"holidays[{item.name}]",
                "holiday",
                None if before is None else spelled,
                None if after is None else spelled,
            )
            continue
        field = f"holidays[{after.name}]"
        out.text(f"{field}.title", f"title of holiday {after.name}", before.title, after.title)
        subject = f"date of holiday {after.name}"
        out.scalar(f"{field}.rule", subject, before.rule, after.rule, wording.date_rule)


def _severities(out: Fields, old: n.Severities, new: n.Severities, contract: n.Contract) -> None:
    out.names("services", "service using these levels", old.services, new.services)
    for before, after in pair(old.levels, new.levels, lambda level: level.name):
        if before is None or after is None:
            item = before if after is None else after
            assert item is not None
            spelled = _level(item)
            out.add(
                f"levels[{item.name}]",
                "severity level",
                None if before is None else spelled,
                None if after is None else spelled,
            )
            continue
        field, name = f"levels[{after.name}]", after.name
        out.text(f"{field}.title", f"title of level {name}", before.title, after.title)
        out.text(f"{field}.means", f"definition of level {name}", before.means, after.means)
        out.condition(f"{field}.rule", f"rule for level {name}", before.rule, after.rule)
    ruled = any(level.rule is not None for level in (*old.levels, *new.levels))
    old_names = [level.name for level in old.levels]
    new_names = [level.name for level in new.levels]
    if ruled and order_changed(old_names, new_names):
        out.add(
            "levels.order",
            "order of levels (their rules are tried in order)",
            ", ".join(old_names),
            ", ".join(new_names),
        )


def _level(level: n.Level) -> str:
    text = wording.titled(level.name, level.title)
    if level.means is not None:
        text += f" means {wording.quoted(level.means)}"
    if level.rule is not None:
        text += f" when {wording.condition(level.rule)}"
    return text


def _exclusion(out: Fields, old: n.Exclusion, new: n.Exclusion, contract: n.Contract) -> None:
    out.names("causes", "excluded cause", old.causes, new.causes, added=PROVIDER)
    out.flag(
        "maintenance",
        "excludes announced maintenance",
        old.maintenance,
        new.maintenance,
        on=PROVIDER,
    )
    out.value("notice", "notice needed for maintenance", old.notice, new.notice, CUSTOMER, CUSTOMER)


def _availability(
    out: Fields, old: n.Availability, new: n.Availability, contract: n.Contract
) -> None:
    out.names("services", "service measured", old.services, new.services)
    out.value("target", "availability target", old.target, new.target, higher=CUSTOMER)
    out.scalar("period", "period measured", old.period, new.period, wording.period)
    out.condition("down_when", "down when", old.down_when, new.down_when)
    out.names("excluding", "exclusion applied", old.excluding, new.excluding, added=PROVIDER)
    out.value("granularity", "granularity", old.granularity, new.granularity)
    out.scalar(
        "total_time",
        "total time",
        old.total_less_excluded,
        new.total_less_excluded,
        _total_time,
        CUSTOMER if new.total_less_excluded else PROVIDER,
    )


def _total_time(less_excluded: bool) -> str:
    return "less excluded time" if less_excluded else "whole period"


def _metric(out: Fields, old: n.Metric, new: n.Metric, contract: n.Contract) -> None:
    out.names("services", "service measured", old.services, new.services)
    out.scalar("measure", "measure", old.measure, new.measure, str)
    favours = _metric_favours(old.target, new.target)
    out.scalar("target", "target", old.target, new.target, wording.metric_target, favours)
    out.scalar("period", "period measured", old.period, new.period, wording.period)


_LOWER_BOUNDS, _UPPER_BOUNDS = (">=", ">"), ("<=", "<")


def _metric_favours(old: n.MetricTarget | None, new: n.MetricTarget | None) -> Favours:
    """A higher floor or a lower ceiling, or a strict comparison, asks more of the provider."""
    if old is None or new is None:
        return UNCLEAR
    if (old.statistic, old.percentile) != (new.statistic, new.percentile):
        return UNCLEAR
    for bounds, higher in ((_LOWER_BOUNDS, CUSTOMER), (_UPPER_BOUNDS, PROVIDER)):
        if old.op in bounds and new.op in bounds:
            strict = NEITHER if old.op == new.op else (CUSTOMER if len(new.op) == 1 else PROVIDER)
            return combine(higher.when(direction(old.value, new.value)), strict)
    return UNCLEAR


def _timer(out: Fields, old: n.Timer, new: n.Timer, contract: n.Contract) -> None:
    out.names("services", "service measured", old.services, new.services)
    out.scalar("start", "start event", old.start, new.start, str)
    out.items("stops", "stop event", old.stops, new.stops, str, added=PROVIDER)
    out.scalar("recurring", "recurring duty", old.recurring, new.recurring, wording.recurring)
    out.flag("paused", "paused while on hold", old.paused_on_hold, new.paused_on_hold, PROVIDER)
    out.names("excluding", "exclusion applied", old.excluding, new.excluding, added=PROVIDER)
    out.condition("only_when", "only when", old.only_when, new.only_when)
    out.flag("best_effort", "best effort only", old.best_effort, new.best_effort, PROVIDER)
    for before, after in pair(old.rows, new.rows, row_key):
        row = after if after is not None else before
        assert row is not None
        label = _row_label(row, new, contract)
        field = f"rows[{_row_field(row)}]"
        if before != after:
            out.add(
                field,
                f"limit for {label}",
                None if before is None else wording.row(before),
                None if after is None else wording.row(after),
                _row_favours(before, after),
            )


def _row_field(row: n.TimerRow) -> str:
    level = "*" if row.level is None else row.level.name
    return level if row.guard is None else f"{level} when {wording.condition(row.guard)}"


def _row_label(row: n.TimerRow, timer: n.Timer, contract: n.Contract) -> str:
    if row.level is None:
        subject = "outage" if (timer.start or "").startswith("outage.") else "ticket"
        label = f"every {subject}"
    else:
        label = _level_label(row.level.name, timer, contract)
    return label if row.guard is None else f"{label} when {wording.condition(row.guard)}"


def _level_label(name: str, timer: n.Timer, contract: n.Contract) -> str:
    """`Priority 1 (P1)`: the level's title in the scheme of the timer's services, if any."""
    services = {s.name for s in timer.services}
    for scheme in contract.declarations:
        if not isinstance(scheme, n.Severities):
            continue
        if scheme.services and services and not services & {s.name for s in scheme.services}:
            continue
        for level in scheme.levels:
            if level.name == name and level.title is not None:
                same = level.title.casefold() == name.casefold()
                return level.title if same else f"{level.title} ({name})"
    return name


def _row_favours(old: n.TimerRow | None, new: n.TimerRow | None) -> Favours:
    """A deadline where there was none, a shorter one, or one on all hours favours the customer."""
    if old is None or new is None:
        row = new if old is None else old
        assert row is not None
        if row.kind == "none":
            return UNCLEAR
        return CUSTOMER if old is None else PROVIDER
    if old.kind == "none" or new.kind == "none":
        return UNCLEAR if old.kind == new.kind else (PROVIDER if new.kind == "none" else CUSTOMER)
    if old.kind != new.kind:
        return UNCLEAR
    on_calendar = old.calendar is not None or new.calendar is not None
    limit = PROVIDER.when(direction(old.limit, new.limit, on_calendar))
    if old.calendar == new.calendar:
        calendar = NEITHER
    elif old.calendar is None:
        calendar = PROVIDER  # open time only, where all time counted: never sooner
    elif new.calendar is None:
        calendar = CUSTOMER
    else:
        calendar = UNCLEAR
    return combine(limit, calendar)


def _count(out: Fields, old: n.Count, new: n.Count, contract: n.Contract) -> None:
    out.scalar("subject", "counts", old.subject, new.subject, str)
    out.condition("where", "where", old.where, new.where)
    out.names("objectives", "objective watched", old.objectives, new.objectives)
    out.scalar("period", "period counted", old.period, new.period, wording.period)
    favours = UNCLEAR
    if old.threshold is not None and new.threshold is not None:
        favours = flag_favours(contract, new.name).when(
            threshold_direction(old.threshold, new.threshold)
        )
    out.scalar("threshold", "threshold", old.threshold, new.threshold, wording.threshold, favours)


def _remedy(out: Fields, old: n.Remedy, new: n.Remedy, contract: n.Contract) -> None:
    gains = REMEDY_FAVOURS.get(new.kind, UNCLEAR)
    _formula(out, "formula", new.kind, old.formula, new.formula, gains)
    out.condition("trigger", "due when", old.trigger, new.trigger)
    _minimum(out, f"minimum {new.kind}", old.minimum, new.minimum, gains)
    _limit(out, "cap", "own cap", (old.cap, old.cap_scope), (new.cap, new.cap_scope), gains)
    out.scalar("based_on", "tiers based on", old.based_on, new.based_on, lambda r: r.name)
    for before, after in pair(old.tiers, new.tiers, lambda t: t.bounds):
        tier = after if after is not None else before
        assert tier is not None
        bounds = wording.bounds(tier.bounds)
        field = f"tiers[{bounds}]"
        if before is None or after is None:
            spelled = f"{bounds}: {wording.formula(tier.formula)}"
            out.add(
                field,
                "tier",
                None if before is None else spelled,
                None if after is None else spelled,
                gains if before is None else gains.other,
            )
        else:
            where = f" in tier {bounds}"
            _formula(out, f"{field}.formula", new.kind, before.formula, after.formula, gains, where)
    out.scalar("period", "period assessed", old.period, new.period, wording.period)


def _minimum(
    out: Fields, subject: str, old: n.AmountOf | None, new: n.AmountOf | None, gains: Favours
) -> None:
    """`minimum 2h`: a higher minimum, or a new one, makes the remedy worth more."""
    if old is None or new is None:
        favours = gains if old is None else gains.other
    else:
        favours = gains.when(amount_direction(old, new))
    out.scalar("minimum", subject, old, new, wording.amount_of, favours)


def _limit(
    out: Fields,
    field: str,
    subject: str,
    old: tuple[n.AmountOf | None, str | None],
    new: tuple[n.AmountOf | None, str | None],
    gains: Favours,
) -> None:
    """A cap and its scope, as one statement: a higher cap or a cap per period is worth more."""
    if old == new:
        return
    (old_cap, old_scope), (new_cap, new_scope) = old, new
    if old_cap is None or new_cap is None:
        favours = gains.other if old_cap is None else gains
    else:
        amount = gains.when(amount_direction(old_cap, new_cap))
        scope = NEITHER
        if (old_scope or "period") != (new_scope or "period"):
            scope = gains.other if new_scope == "term" else gains
        favours = combine(amount, scope)
    out.add(field, subject, _cap_text(old_cap, old_scope), _cap_text(new_cap, new_scope), favours)


def _cap_text(cap: n.AmountOf | None, scope: str | None) -> str | None:
    if cap is None:
        return None if scope is None else f"none per {scope}"
    return wording.amount_of(cap) + ("" if scope is None else f" per {scope}")


def _formula(
    out: Fields,
    field: str,
    kind: str,
    old: n.Formula | None,
    new: n.Formula | None,
    gains: Favours,
    where: str = "",
) -> None:
    """A remedy's formula: rate, rounding and step each on their own line when the shape stays."""
    if old == new:
        return
    if old is None or new is None or type(old) is not type(new):
        before = None if old is None else wording.formula(old)
        after = None if new is None else wording.formula(new)
        out.add(field, f"{kind} formula{where}", before, after)
        return
    if isinstance(old, n.PerUnitShare) and isinstance(new, n.PerUnitShare):
        unit = (
            f"{kind} {wording.per_step(new.rounding, new.step)} {wording.shortfall(new.shortfall)}"
        )
        out.value(f"{field}.rate", unit + where, old.rate, new.rate, higher=gains)
        out.scalar(f"{field}.base", f"{kind} base{where}", old.base, new.base, _name)
        _per_unit(
            out, field, kind, where, (old.rounding, old.step), (new.rounding, new.step), gains
        )
        subject = f"{kind} shortfall{where}"
        out.scalar(f"{field}.shortfall", subject, old.shortfall, new.shortfall, wording.shortfall)
    elif isinstance(old, n.PerUnitRate) and isinstance(new, n.PerUnitRate):
        unit = f"{kind} {wording.per_step(new.rounding, new.step)}"
        out.value(f"{field}.rate", unit + where, old.rate, new.rate, higher=gains)
        _per_unit(
            out, field, kind, where, (old.rounding, old.step), (new.rounding, new.step), gains
        )
        out.scalar(f"{field}.start", f"{kind} counted from{where}", old.start, new.start, str)
        out.scalar(f"{field}.stop", f"{kind} counted until{where}", old.stop, new.stop, str)
    elif isinstance(old, n.Share) and isinstance(new, n.Share):
        out.value(f"{field}.rate", f"{kind}{where}", old.rate, new.rate, higher=gains)
        out.scalar(f"{field}.base", f"{kind} base{where}", old.base, new.base, _name)
    elif isinstance(old, n.UnavailableTime) and isinstance(new, n.UnavailableTime):
        subject = f"{kind}: unavailable time of{where}"
        out.scalar(f"{field}.objective", subject, old.objective, new.objective, _name)


def _name(ref: n.Ref) -> str:
    return ref.name


def _per_unit(
    out: Fields,
    field: str,
    kind: str,
    where: str,
    old: tuple[tuple[str, ...], n.Value],
    new: tuple[tuple[str, ...], n.Value],
    gains: Favours,
) -> None:
    """Rounding and step: `per started 1%` -> `per full 1%`; a smaller step gives more units."""
    (old_rounding, old_step), (new_rounding, new_step) = old, new
    if old_rounding != new_rounding:
        out.add(
            f"{field}.rounding",
            f"{kind} rounding{where}",
            wording.per_step(old_rounding, new_step),
            wording.per_step(new_rounding, new_step),
            gains.when(rounding_direction(old_rounding, new_rounding)),
        )
    if old_step != new_step:
        moved = direction(old_step, new_step)
        out.add(
            f"{field}.step",
            f"{kind} unit{where}",
            wording.value(old_step),
            wording.value(new_step),
            gains.when(None if moved is None else -moved),
        )


def _cap(out: Fields, old: n.Cap, new: n.Cap, contract: n.Contract) -> None:
    gains = cap_favours(contract, new)
    _limit(out, "limit", "limit", (old.limit, old.scope), (new.limit, new.scope), gains)
    removed, added = multiset_difference(
        [r.name for r in old.applies_to], [r.name for r in new.applies_to]
    )
    for name in removed:
        out.add("applies_to", "remedy capped", name, None, remedy_favours(contract, name))
    for name in added:
        out.add("applies_to", "remedy capped", None, name, remedy_favours(contract, name).other)
    out.scalar("applies_to_all", "applies to all", old.applies_to_all, new.applies_to_all, str)


def _claims(out: Fields, old: n.Claims, new: n.Claims, contract: n.Contract) -> None:
    before, after = _opens(old), _opens(new)
    if before != after:
        out.add("opens", "claims open", before, after, _opens_favours(old, new))
    subject = "claims close (after period end)"
    out.value("closes", subject, old.closes_after, new.closes_after, higher=CUSTOMER)
    if not old.applies_to or not new.applies_to:
        if old.applies_to != new.applies_to:
            out.add(
                "applies_to",
                "remedies that need a claim",
                wording.names(old.applies_to) if old.applies_to else "every remedy",
                wording.names(new.applies_to) if new.applies_to else "every remedy",
                PROVIDER if not new.applies_to else CUSTOMER,
            )
        return
    out.names(
        "applies_to", "remedy that needs a claim", old.applies_to, new.applies_to, added=PROVIDER
    )


def _opens(claims: n.Claims) -> str:
    if claims.opens_after_day is not None:
        day = claims.opens_after_day
        calendar = wording.calendar(day.calendar)
        text = f"after the {wording.ordinal(day.n)} open day of {calendar} after period end"
        if claims.opens_after is not None:
            text += f", and {wording.value(claims.opens_after)} after period end"
        return text
    if claims.opens_after is not None:
        return f"{wording.value(claims.opens_after)} after period end"
    return "when the period ends"


def _opens_favours(old: n.Claims, new: n.Claims) -> Favours:
    """Claims that open later leave the customer less time: better for the provider."""
    old_day, new_day = old.opens_after_day, new.opens_after_day
    if old.opens_after is None and new.opens_after is None:
        if old_day is None or new_day is None:
            return PROVIDER if old_day is None else CUSTOMER
        if old_day.calendar == new_day.calendar:
            return PROVIDER.when((new_day.n > old_day.n) - (new_day.n < old_day.n))
        return UNCLEAR
    if old_day is None and new_day is None:
        if old.opens_after is None or new.opens_after is None:
            return PROVIDER if old.opens_after is None else CUSTOMER
        return PROVIDER.when(direction(old.opens_after, new.opens_after))
    return UNCLEAR


def _obligation(out: Fields, old: n.Obligation, new: n.Obligation, contract: n.Contract) -> None:
    out.scalar("every", "recurs", old.every, new.every, wording.period)
    before = new.notice_subject or old.notice_subject
    subject = f"notice before {before}" if before else "notice"
    out.value("notice", subject, old.notice, new.notice, higher=CUSTOMER, appears=CUSTOMER)
    out.scalar("notice_subject", "notice before", old.notice_subject, new.notice_subject, str)
    out.flag("best_effort", "best effort only", old.best_effort, new.best_effort, PROVIDER)


def _clause(out: Fields, old: n.Clause, new: n.Clause, contract: n.Contract) -> None:
    """Prose only: its title and literate statements are compared by `declaration`."""


_COMPARE: dict[type, Callable[[Fields, Any, Any, n.Contract], None]] = {
    n.Service: _service,
    n.Calendar: _calendar,
    n.Severities: _severities,
    n.Exclusion: _exclusion,
    n.Availability: _availability,
    n.Metric: _metric,
    n.Timer: _timer,
    n.Count: _count,
    n.Remedy: _remedy,
    n.Cap: _cap,
    n.Claims: _claims,
    n.Obligation: _obligation,
    n.Clause: _clause,
}


def added_favours(declaration: n.Declaration, contract: n.Contract) -> Favours:
    """Who a new clause is good for (its removal favours the other side; `contract` has it)."""
    if isinstance(declaration, n.Remedy):
        return REMEDY_FAVOURS.get(declaration.kind, UNCLEAR)
    if isinstance(declaration, (n.Availability, n.Metric, n.Timer, n.Obligation)):
        return CUSTOMER  # a new promise
    if isinstance(declaration, n.Cap):
        return cap_favours(contract, declaration).other
    if isinstance(declaration, n.Claims):
        return PROVIDER  # remedies now need a claim in time
    return UNCLEAR
