"""Party-law verdicts and party-system indices, against hand-derived values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from neopat.data.rule_sets import load_party_law
from neopat.errors import InputError
from neopat.rules import Application, Leniency, check, verdict
from neopat.rules import indices as ix

LAW_2002 = load_party_law("kz-2002")


def regions(n: int, each: int) -> dict[str, int]:
    return {f"region-{i}": each for i in range(n)}


def test_2002_law_met():
    # 16 regions x 3,200 = 51,200 members >= 50,000; every region >= 700; 1,000 founders.
    v = verdict(Application(regions(16, 3200), founders=1000), LAW_2002)
    assert v.registered and v.unmet == () and v.strictness == "strict"


def test_2002_law_names_every_unmet_requirement():
    # 15 regions x 3,000 = 45,000 < 50,000; one of the 16 regions has no branch; 900 founders;
    # founded on religion.
    app = Application(regions(15, 3000), founders=900, bases=["Religion"])
    v = verdict(app, LAW_2002)
    assert not v.registered
    assert [r.name for r in v.unmet] == ["total members", "regions with at least 700 members",
                                         "founding congress", "banned basis"]
    assert "45,000" in v.reasons[0] and "religion" in v.reasons[3]


def test_one_invalid_form_voids_a_strict_application_but_not_a_lenient_one():
    # Alga: 63,000 forms, 469 "inaccuracies" = 0.74% (seed lines 11101-11107). Strict: any
    # invalid form voids. Lenient at the 1.5% tolerated for the president's nomination: accepted.
    app = Application(regions(16, 63000 // 16), founders=1000, invalid_share=469 / 63000)
    strict = verdict(app, LAW_2002)
    lenient = verdict(app, LAW_2002, strictness="lenient")
    assert not strict.registered and [r.name for r in strict.unmet] == ["valid documents"]
    assert lenient.registered and lenient.tolerated == ("valid documents",)
    assert lenient.strictness == "lenient"


def test_invalid_forms_void_only_under_a_law_that_says_so():
    # The 1996 law: registration "fairly straightforward" (seed lines 8053-8058). A strict reading
    # counts the invalid forms out (3,100 x 0.99 = 3,069 >= 3,000) but voids nothing; the same
    # file short of the minimum once they are counted out is denied for its members, not its forms.
    law_1996 = load_party_law("kz-1996")
    assert not law_1996.void_on_invalid and LAW_2002.void_on_invalid
    app = Application(regions(10, 310), founders=10, invalid_share=0.01)
    v = verdict(app, law_1996)
    assert v.registered and "valid documents" not in [r.name for r in v.requirements]
    short = verdict(Application(regions(10, 302), founders=10, invalid_share=0.01), law_1996)
    assert not short.registered and [r.name for r in short.unmet] == ["total members"]
    assert not verdict(Application(regions(16, 3200), founders=1000, invalid_share=0.01),
                       LAW_2002).registered


def test_lenient_shortfall_tolerance_is_a_parameter():
    # 16 x 3,000 = 48,000: 4% short of 50,000. Tolerated with a 5% shortfall allowance, not 3%.
    app = Application(regions(16, 3000), founders=1000)
    lenient = {"strictness": "lenient"}
    assert verdict(app, LAW_2002, **lenient, leniency=Leniency(shortfall=0.05)).registered
    assert not verdict(app, LAW_2002, **lenient, leniency=Leniency(shortfall=0.03)).registered


def test_banned_basis_is_never_tolerated():
    app = Application(regions(16, 4000), founders=1000, bases=["ethnic origin"])
    v = verdict(app, LAW_2002, strictness="lenient", leniency=Leniency(shortfall=1.0))
    assert not v.registered


def test_1996_law_half_the_oblasts():
    # 3,000 members in at least half of 19 oblasts = 10 oblasts (with at least one member each).
    law = load_party_law("kz-1996")
    assert verdict(Application(regions(10, 300), founders=10), law).registered
    nine = verdict(Application(regions(9, 400), founders=10), law)
    assert [r.name for r in nine.unmet] == ["regions with at least 1 members"]


def test_banned_name_reuse_after_2005():
    app = Application(regions(16, 4000), founders=1000, name="DVK")
    assert verdict(app, load_party_law("kz-2002"), banned_names=["DVK"]).registered
    v = verdict(app, load_party_law("kz-2005"), banned_names=["dvk"])
    assert [r.name for r in v.unmet] == ["name of a banned party"]


def test_pre1996_has_no_numeric_requirement():
    assert verdict(Application({"Almaty": 12}), load_party_law("kz-pre1996")).registered


def test_more_regions_than_the_law_counts_is_an_input_error():
    with pytest.raises(InputError, match="17 regions"):
        check(Application(regions(17, 800)), LAW_2002)


# --- indices: shares (0.5, 0.3, 0.2) -------------------------------------------------------


def test_effective_number_and_golosov():
    # ENP = 1 / (0.25 + 0.09 + 0.04) = 1/0.38 = 2.6316.
    assert math.isclose(ix.effective_number([50, 30, 20]), 1 / 0.38)
    # Golosov: 0.5/0.5 + 0.3/(0.3+0.25-0.09) + 0.2/(0.2+0.25-0.04) = 1 + 0.65217 + 0.48780.
    assert math.isclose(ix.golosov([50, 30, 20]), 1 + 0.3 / 0.46 + 0.2 / 0.41)


def test_disproportionality():
    # votes 50/30/20, seats 60/30/10: differences 10, 0, 10 points.
    # Gallagher = sqrt((100 + 0 + 100) / 2) = 10; Loosemore-Hanby = (10 + 0 + 10) / 2 = 10.
    assert math.isclose(ix.gallagher([50, 30, 20], [6, 3, 1]), 10)
    assert math.isclose(ix.loosemore_hanby([50, 30, 20], [6, 3, 1]), 10)
    # 2007-like: 88% of votes, 100% of seats among two lists -> both indices 12 points.
    assert math.isclose(ix.gallagher([88, 12], [98, 0]), 12)


def test_pedersen_over_the_union_of_parties():
    # A 50 -> 40, B 50 -> 30, C 0 -> 30: (10 + 20 + 30) / 2 = 30 points.
    assert math.isclose(ix.pedersen({"A": 50, "B": 50}, {"A": 40, "B": 30, "C": 30}), 30)


def test_largest_share_margin_and_vectorised_rows():
    counts = np.array([[50, 30, 20], [88, 12, 0]])
    assert np.allclose(ix.largest_share(counts), [0.5, 0.88])
    assert np.allclose(ix.margin(counts), [0.2, 0.76])
    assert np.allclose(ix.effective_number(counts), [1 / 0.38, 1 / (0.88**2 + 0.12**2)])


def test_an_election_nobody_stood_in_has_undefined_indices():
    """A chamber no list reaches (e.g. a threshold above every share) gives no index, not a crash."""
    out = ix.summary({}, {})
    assert out["enp_votes"] is None and out["gallagher"] is None and out["seat_margin"] is None
