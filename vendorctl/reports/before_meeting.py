"""Decisions to take before a meeting: the deadlines that fall between the as-of date and it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from vendorctl.compute.credits import UNCLAIMED
from vendorctl.compute.renewals import renewal
from vendorctl.load.checked import Checked
from vendorctl.load.portfolio import VendorFiles
from vendorctl.render.filters import money

# The order of items falling on one day: the earliest step of a decision first.
_ORDER = {
    "decide-by": 0,
    "notice-deadline": 1,
    "claim-by": 2,
    "evidence-expires": 3,
    "termination-right": 4,
}


def _item(day: date, kind: str, contract: str, text: str) -> dict[str, Any]:
    return {"date": day, "kind": kind, "contract": contract, "text": text}


def before_meeting(
    checked: Checked,
    vendor: str,
    files: VendorFiles,
    day: date,
    meeting: date,
    ledger: Iterable[dict[str, Any]],
    rights: Iterable[dict[str, Any]],
    evidence: Iterable[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Notice deadlines, decide-by dates, claim deadlines and the expiry of due-diligence
    evidence (`evidence_rows`) from `day` to `meeting` (both included), and the open rights to
    terminate (a decision whatever its date), by date: each `{date, kind, contract, text}`,
    `kind` one of decide-by, notice-deadline, claim-by, evidence-expires, termination-right
    (`contract` empty for evidence). A term with a recorded decision needs no decide-by date,
    and one decided `renew` no notice either."""
    governance = checked.settings.governance
    found = []
    for record in sorted(files.contracts, key=lambda r: r.model.id):
        item = renewal(
            vendor, record.model, day, governance.notice_warning, governance.decision_buffer
        )
        if item.status == "expired":
            continue
        if item.decision == "renew":
            continue  # decided, and nothing to send: the contract runs on as agreed
        title = item.contract.title
        decided = f" (decision recorded: {item.decision})" if item.decision else ""
        notice = item.next_notice_deadline or item.notice_deadline
        due = item.decision_date
        if item.decision is None and due is not None and day <= due <= meeting:
            found.append(
                _item(
                    due,
                    "decide-by",
                    item.contract.id,
                    f"decide on {title} (renew, renegotiate or end it) before its notice "
                    f"deadline {notice}{decided}",
                )
            )
        if notice is not None and day <= notice <= meeting:
            found.append(
                _item(
                    notice,
                    "notice-deadline",
                    item.contract.id,
                    (
                        f"last day to give notice on {title}{decided}; send it by then"
                        if item.decision
                        else f"last day to give notice on {title}, or it runs on"
                    ),
                )
            )
    for row in ledger:
        claim_by = row["claim_by"]
        if row["status"] in UNCLAIMED and claim_by is not None and day <= claim_by <= meeting:
            amount = money(row["amount"], row["currency"])
            found.append(
                _item(
                    claim_by,
                    "claim-by",
                    row["contract"],
                    f"claim the {row['window']} service credit ({amount}) by this day, "
                    "or it lapses",
                )
            )
    for row in evidence:
        expires = row["expires"]
        if expires is not None and day <= expires <= meeting:
            found.append(
                _item(
                    expires,
                    "evidence-expires",
                    "",
                    f'due-diligence evidence "{row["item"]}" expires; ask the vendor for a '
                    "current one",
                )
            )
    for right in rights:
        clause = f" (clause {right['clause']})" if right["clause"] else ""
        found.append(
            _item(
                right["since"],
                "termination-right",
                right["contract"],
                f"decide whether to use the right to terminate{clause} that SLA {right['sla']} "
                f"opened: {right['breaches']} of the latest {right['within']} windows breached",
            )
        )
    return sorted(found, key=lambda i: (i["date"], _ORDER[i["kind"]], i["contract"]))
