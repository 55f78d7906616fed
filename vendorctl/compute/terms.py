"""A contract's terms in force on a date: its original terms with its amendments applied."""

from __future__ import annotations

from datetime import date

from vendorctl.model.contract import Amendment, Contract

# The contract keys an amendment may change, besides its SLAs.
AMENDABLE = (
    "end",
    "auto_renew",
    "renewal_term",
    "notice_period",
    "notice_to",
    "currency",
    "annual_value",
    "monthly_charge",
    "credit_cap",
    "claim_period",
)


def in_force(contract: Contract, day: date) -> list[Amendment]:
    """The amendments effective on `day`, in the order they apply (by effective date, then as
    written)."""
    found = [a for a in contract.amendments if a.effective <= day]
    return sorted(found, key=lambda a: a.effective)


def terms_on(contract: Contract, day: date) -> Contract:
    """The contract as it reads on `day`: each amendment effective by then replaces the keys it
    gives, replaces or adds the SLAs it gives (by id) and ends those it removes. A window is
    judged by the terms on its first day."""
    if not contract.amendments:
        return contract  # most contracts: nothing to apply, nothing to sort
    return _applied(contract, in_force(contract, day))


def agreed_by(contract: Contract, day: date) -> Contract:
    """The contract as agreed by `day`: the terms in force then, and those of amendments signed
    by then that take effect later. Deadlines follow these: an extension signed today moves
    the end of the term now, whenever it takes effect."""
    if not contract.amendments:
        return contract
    found = [
        a
        for a in contract.amendments
        if a.effective <= day or (a.signed is not None and a.signed <= day)
    ]
    return _applied(contract, sorted(found, key=lambda a: a.effective))


def _applied(contract: Contract, applied: list[Amendment]) -> Contract:
    if not applied:
        return contract
    update: dict[str, object] = {}
    slas = list(contract.slas)
    for amendment in applied:
        for key in AMENDABLE:
            value = getattr(amendment, key)
            if value is not None:
                update[key] = value
        removed = set(amendment.removes_slas)
        given = {sla.id: sla for sla in amendment.slas}
        slas = [given.pop(sla.id, sla) for sla in slas if sla.id not in removed]
        slas.extend(given.values())  # new SLAs, in the amendment's order
    update["slas"] = slas
    return contract.model_copy(update=update)


def latest(contract: Contract) -> Contract:
    """The contract with every amendment applied: its terms as they read now and on."""
    if not contract.amendments:
        return contract
    return terms_on(contract, max(a.effective for a in contract.amendments))
