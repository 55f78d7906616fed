"""The band where no credit tier holds (`compute.sla._Terms.quiet`), which lets most windows be
judged with two comparisons: inside it, the tiers give nothing; outside it, some tier holds."""

from __future__ import annotations

import random
from decimal import Decimal

from vendorctl.compute import sla


def _tiers(rng: random.Random) -> sla._Tiers:
    found = []
    for _ in range(rng.randint(1, 4)):
        side = rng.random()
        threshold = Decimal(rng.randint(0, 200)) / 2
        credit = Decimal(rng.randint(1, 20))
        found.append((threshold, None, credit) if side < 0.5 else (None, threshold, credit))
    return tuple(found)


def test_the_band_is_exactly_where_no_tier_holds() -> None:
    rng = random.Random(17)
    for _ in range(3000):
        tiers = _tiers(rng)
        terms = sla._Terms(None, None, "month", Decimal(0), False)  # type: ignore[arg-type]
        terms.__dict__["tiers"] = tiers  # as its cached property keeps them
        band = terms.quiet
        for _ in range(8):
            value = Decimal(rng.randint(-10, 210)) / 2
            assert sla._quiet(band, value) == (sla._largest(tiers, value) == 0), (tiers, value)
