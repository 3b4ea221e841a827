"""Hand-derived seat allocations: one or more per rule and edge case, derivation in each test."""

from __future__ import annotations

import numpy as np
import pytest

from neopat.data.rule_sets import AppointedTier, ListTier, SmdTier, load_rule_set
from neopat.errors import InputError
from neopat.rules import (
    Candidate,
    DistrictVotes,
    allocate,
    allocate_list,
    apportion,
    elect_district,
)

# The textbook example: 100,000 votes, 10 seats.
TEXTBOOK = [47000, 16000, 15800, 12000, 6100, 3100]
# The divisor example: 230,000 votes, 8 seats.
DIVISOR = [100000, 80000, 30000, 20000]


def seats(votes, n, method, **kw):
    return apportion(votes, n, method, **kw).tolist()


def tier(**kw) -> ListTier:
    return ListTier(name="list", **kw)


# --- quotas ---------------------------------------------------------------------------------


def test_hare_textbook():
    # Q = 100000/10 = 10000. Whole: 4,1,1,1,0,0 (7 seats). Remainders 7000, 6000, 5800, 2000,
    # 6100, 3100: the 3 left go to A (7000), E (6100), B (6000).
    assert seats(TEXTBOOK, 10, "hare") == [5, 2, 1, 1, 1, 0]


def test_droop_textbook():
    # Q = floor(100000/11) + 1 = 9092. Whole: 5,1,1,1,0,0 (8). Remainders: 1540, 6908, 6708,
    # 2908, 6100, 3100: the 2 left go to B and C.
    assert seats(TEXTBOOK, 10, "droop") == [5, 2, 2, 1, 0, 0]


def test_imperiali_textbook():
    # Q = 100000/12 = 8333.3. Whole: 5,1,1,1,0,0 (8). Remainders: 5333, 7667, 7467, 3667, 6100,
    # 3100: the 2 left go to B and C.
    assert seats(TEXTBOOK, 10, "imperiali") == [5, 2, 2, 1, 0, 0]


def test_imperiali_overflow_is_trimmed_from_smallest_remainder():
    # A=10, B=2, S=2: Q = 12/4 = 3. Whole: A 3 (rem 1), B 0 (rem 2) = 3 > 2 seats. The surplus
    # seat is withdrawn from the seat-holder with the smallest remainder: A -> 2.
    assert seats([10, 2], 2, "imperiali") == [2, 0]
    # "allow" keeps the third whole quota: the documented case where seats exceed S.
    assert seats([10, 2], 2, "imperiali", imperiali_overflow="allow") == [3, 0]


def test_imperiali_overflow_tie_withdraws_from_the_later_list():
    # A=6, B=6, S=1: Q = 12/3 = 4; both have 1 whole quota, remainder 2 each. One surplus seat;
    # equal remainders: withdrawn from the list that loses ties (B, later in the order).
    assert seats([6, 6], 1, "imperiali") == [1, 0]
    assert seats([6, 6], 1, "imperiali", priority=[1, 0]) == [0, 1]


def test_droop_degenerate_small_vote_gives_leftover_to_positive_lists_only():
    # A=4, B=0, S=3: Q = floor(4/4)+1 = 2. A has 2 whole quotas (rem 0); 1 seat left, and only A
    # has votes, so A gets it: 3. A list without votes never gets a seat.
    assert seats([4, 0], 3, "droop") == [3, 0]


def test_hare_remainder_tie_broken_by_order():
    # Three lists of 5 votes, S=2: Q = 7.5; all have 0 whole quotas and remainder 5. Ties go to
    # the lowest order value: by default input order (A, B); with order C<B<A: C and B.
    assert seats([5, 5, 5], 2, "hare") == [1, 1, 0]
    assert seats([5, 5, 5], 2, "hare", priority=[3, 2, 1]) == [0, 1, 1]


# --- divisors -------------------------------------------------------------------------------


def test_dhondt():
    # Quotients: A 100000, 50000, 33333, 25000, 20000; B 80000, 40000, 26667, 20000; C 30000,
    # 15000; D 20000. The 8 largest: 100000, 80000, 50000, 40000, 33333, 30000, 26667, 25000.
    assert seats(DIVISOR, 8, "dhondt") == [4, 3, 1, 0]


def test_sainte_lague():
    # Divisors 1,3,5,7. A 100000, 33333, 20000, 14286; B 80000, 26667, 16000; C 30000, 10000;
    # D 20000. 8 largest: 100000, 80000, 33333, 30000, 26667, 20000 (A), 20000 (D), 16000.
    assert seats(DIVISOR, 8, "sainte-lague") == [3, 3, 1, 1]


def test_modified_sainte_lague_exact_tie():
    # Divisors 1.4,3,5,7. A 71429, 33333, 20000, 14285.71; B 57143, 26667, 16000; C 21429;
    # D 14285.71 (=20000/1.4 = 100000/7, exactly A's fourth quotient). The 8th seat is that tie:
    # by default A (earlier); with D ranked first, D.
    assert seats(DIVISOR, 8, "modified-sainte-lague") == [4, 3, 1, 0]
    assert seats(DIVISOR, 8, "modified-sainte-lague", priority=[1, 2, 3, 0]) == [3, 3, 1, 1]


def test_modified_sainte_lague_first_divisor_blocks_small_list():
    # A=10, B=4, S=2. Sainte-Lague quotients: A 10, 3.33; B 4 -> the two largest are 10 and 4:
    # [1, 1]. Modified: B's first quotient is 4/1.4 = 2.86 < A's 10/3 = 3.33 -> [2, 0].
    assert seats([10, 4], 2, "sainte-lague") == [1, 1]
    assert seats([10, 4], 2, "modified-sainte-lague") == [2, 0]


def test_dhondt_zero_votes_get_nothing():
    # A list without votes has no quotients; 3 seats all go to A.
    assert seats([5, 0], 3, "dhondt") == [3, 0]


# --- thresholds, against all, single qualifier, minimum parties, blocs ----------------------


def test_threshold_exactly_at_seven_percent_passes():
    # A 60, B 25, C 8, D 7 of 100 valid votes; D has exactly 7% and passes (share >= threshold).
    # Hare among all: Q=10: whole 6,2,0,0; remainders 0,5,8,7 -> C and D: [6,2,1,1].
    r = allocate_list({"A": 60, "B": 25, "C": 8, "D": 7}, tier(seats=10, threshold=0.07))
    assert r.passed == ("A", "B", "C", "D")
    assert r.seats == {"A": 6, "B": 2, "C": 1, "D": 1}


def test_threshold_excludes_and_reshares():
    # Threshold 7.5%: D (7%) fails. Among A,B,C (93 votes) Hare Q=9.3: whole 6,2,0 (rem 4.2,
    # 6.4, 8): the 2 left go to C and B: [6,3,1].
    r = allocate_list({"A": 60, "B": 25, "C": 8, "D": 7}, tier(seats=10, threshold=0.075))
    assert r.passed == ("A", "B", "C")
    assert r.seats == {"A": 6, "B": 3, "C": 1, "D": 0}


def test_threshold_base_with_against_all():
    # 100 list votes + 10 against all. Base 'valid' = 100: D's 7 = 7% passes. Base
    # 'valid+against' = 110: 7% of it is 7.7, so D fails while C (8) passes.
    votes = {"A": 60, "B": 25, "C": 8, "D": 7}
    valid = allocate_list(votes, tier(seats=10, threshold=0.07), against_all=10)
    both = allocate_list(votes, tier(seats=10, threshold=0.07, threshold_base="valid+against"),
                         against_all=10)
    assert "D" in valid.passed
    assert both.passed == ("A", "B", "C")


def test_single_qualifier_takes_every_seat():
    # Only A (88%) passes 7%: it is the only list taking part and takes all 98 seats.
    r = allocate_list({"A": 88, "B": 5, "C": 4, "D": 3}, tier(seats=98, threshold=0.07))
    assert r.seats["A"] == 98 and r.passed == ("A",) and r.unfilled == 0


def test_no_qualifier_leaves_seats_unfilled():
    # 15 lists of one vote each have 1/15 = 6.7% < 7%: none takes part; 10 seats unfilled.
    r = allocate_list({f"L{i}": 1 for i in range(15)}, tier(seats=10, threshold=0.07))
    assert sum(r.seats.values()) == 0 and r.passed == () and r.unfilled == 10


def test_min_parties_admits_runner_up_and_shares_by_method():
    # Only A passes; min_parties=2 admits B (best below). Hare among A (88) and B (5), 98 seats:
    # A 88*98/93 = 92 rem 68/93, B 5*98/93 = 5 rem 25/93; the last seat goes to A: [93, 5].
    r = allocate_list({"A": 88, "B": 5, "C": 4, "D": 3},
                      tier(seats=98, threshold=0.07, min_parties=2))
    assert r.admitted == ("B",)
    assert r.seats == {"A": 93, "B": 5, "C": 0, "D": 0}


def test_min_parties_guarantee_binds():
    # D'Hondt, 10 seats, A 90 passes, B 3 admitted. D'Hondt quotients of A (90 ... 9) all beat
    # B's 3, so B would get 0; its guarantee of 1 seat fixes B at 1 and A takes the other 9.
    t = tier(seats=10, method="dhondt", threshold=0.07, min_parties=2)
    r = allocate_list({"A": 90, "B": 3, "C": 2}, t)
    assert r.seats == {"A": 9, "B": 1, "C": 0}
    t0 = tier(seats=10, method="dhondt", threshold=0.07, min_parties=2, min_seats_admitted=0)
    assert allocate_list({"A": 90, "B": 3, "C": 2}, t0).seats == {"A": 10, "B": 0, "C": 0}


def test_min_parties_tie_between_runners_up_uses_order():
    # B and C tie below the threshold: the earlier (or lower order) is admitted.
    t = tier(seats=10, threshold=0.07, min_parties=2)
    assert allocate_list({"A": 90, "B": 5, "C": 5}, t).admitted == ("B",)
    order = {"A": 0, "B": 2, "C": 1}
    assert allocate_list({"A": 90, "B": 5, "C": 5}, t, order=order).admitted == ("C",)


def test_bloc_threshold_and_ban():
    # Party threshold 5%, bloc threshold 10%: X (a bloc, 8%) fails, Y (a party, 8%) passes.
    t = tier(seats=10, threshold=0.05, bloc_threshold=0.10)
    r = allocate_list({"A": 84, "X": 8, "Y": 8}, t, blocs=["X"])
    assert r.passed == ("A", "Y") and r.seats["X"] == 0
    with pytest.raises(InputError, match="blocs are banned"):
        allocate_list({"A": 84, "X": 8}, t, blocs=["X"], blocs_allowed=False)


def test_lot_is_reproducible():
    # Two lists of equal votes, one seat: by lot from a seeded generator; same seed, same winner.
    def draw(seed):
        r = allocate_list({"A": 5, "B": 5}, tier(seats=1), lot=np.random.default_rng(seed))
        return next(k for k, v in r.seats.items() if v)

    winners = {draw(s) for s in range(20)}
    assert winners == {"A", "B"}
    assert draw(7) == draw(7)


# --- single-member districts ----------------------------------------------------------------

TWO_ROUND = SmdTier(name="d", districts=1, formula="two_round")
PLURALITY = SmdTier(name="d", districts=1)


def ballot(*cands, against=0.0, runoff_against=0.0):
    return DistrictVotes([Candidate(*c) for c in cands], against, runoff_against)


def test_two_round_majority_in_round_one():
    # A 51 of 100 valid votes > 50%: elected in round one.
    r = elect_district(ballot(("a", "A", 51), ("b", "B", 30), ("c", "C", 19)), TWO_ROUND)
    assert r.status == "elected" and r.winner.party == "A" and r.round == 1


def test_two_round_exactly_half_goes_to_runoff():
    # A 50 of 100 is not *more* than 50%: run-off between A and B; B wins it 55-45.
    r = elect_district(ballot(("a", "A", 50, 45), ("b", "B", 30, 55), ("c", "C", 20)), TWO_ROUND)
    assert r.status == "elected" and r.round == 2 and r.winner.party == "B"
    assert r.runoff == ("a", "b")
    pending = elect_district(ballot(("a", "A", 50), ("b", "B", 30), ("c", "C", 20)), TWO_ROUND)
    assert pending.status == "runoff-pending" and pending.winner is None


def test_two_round_against_all_in_base():
    # A 52, B 43, against all 10. Base 'valid' = 95: 52 > 47.5, elected. Base 'valid+against'
    # = 105: 52 < 52.5, so a run-off is needed.
    b = ballot(("a", "A", 52), ("b", "B", 43), against=10)
    assert elect_district(b, TWO_ROUND).status == "elected"
    t = TWO_ROUND.model_copy(update={"majority_base": "valid+against"})
    assert elect_district(b, t).status == "runoff-pending"


def test_runoff_tie_uses_order():
    # Run-off 50-50 between a and b: the lower order value wins (b, ranked first).
    b = ballot(("a", "A", 40, 50), ("b", "B", 35, 50), ("c", "C", 25))
    assert elect_district(b, TWO_ROUND).winner.name == "a"
    assert elect_district(b, TWO_ROUND, order={"a": 2, "b": 1, "c": 3}).winner.name == "b"


def test_plurality_tie_and_against_all_void():
    # A 40, B 40, C 20: tie between A and B, default input order -> A; with B first -> B.
    b = ballot(("a", "A", 40), ("b", "B", 40), ("c", "C", 20))
    assert elect_district(b, PLURALITY).winner.name == "a"
    assert elect_district(b, PLURALITY, order={"a": 1, "b": 0, "c": 2}).winner.name == "b"
    # Against all (50) ahead of every candidate voids the election.
    void = elect_district(ballot(("a", "A", 40), ("b", "B", 10), against=50), PLURALITY)
    assert void.status == "void" and void.winner is None


def test_self_nominated_candidates_counted_under_their_label():
    # Three districts: two won by self-nominated candidates, one by Otan (plurality).
    t = SmdTier(name="d", districts=3)
    districts = {
        "1": ballot(("x", "self-nominated", 60), ("y", "Otan", 40)),
        "2": ballot(("z", "self-nominated", 55), ("w", "Otan", 45)),
        "3": ballot(("v", "Otan", 70), ("u", "KPK", 30)),
    }
    assert allocate(t, districts=districts).seats == {"self-nominated": 2, "Otan": 1}
    banned = t.model_copy(update={"self_nomination": False})
    with pytest.raises(InputError, match="self-nominated"):
        allocate(banned, districts=districts)


# --- parallel tiers and appointed seats -----------------------------------------------------


def test_parallel_tiers_1999():
    # kz-1999: 67 two-round districts + 10 list seats (Hare, 7%). List votes Otan 60, GPK 20,
    # KPK 12, Azamat 5, Other 3 (100): Azamat and Other fail 7%. Hare over 92 votes, 10 seats:
    # Otan 600/92 = 6 rem 48, GPK 200/92 = 2 rem 16, KPK 120/92 = 1 rem 28 (9 seats); last seat
    # to Otan. Two districts given: Otan wins d1 outright (60%), d2 is pending a run-off. Tiers
    # add without compensation; 66 district seats stay unfilled.
    rs = load_rule_set("kz-1999")
    lists = {"Otan": 60, "GPK": 20, "KPK": 12, "Azamat": 5, "Other": 3}
    districts = {"d1": ballot(("a", "Otan", 60), ("b", "KPK", 40)),
                 "d2": ballot(("c", "Otan", 45), ("d", "GPK", 40), ("e", "KPK", 15))}
    a = allocate(rs, lists, districts=districts)
    assert a.tier("national-list").seats == {"Otan": 7, "GPK": 2, "KPK": 1, "Azamat": 0,
                                              "Other": 0}
    assert a.tier("districts").seats == {"Otan": 1}
    assert a.seats["Otan"] == 8 and a.unfilled == 66
    assert a.passed_threshold == ("Otan", "GPK", "KPK")


def test_appointed_state_list_1994():
    # kz-1994: 135 plurality districts + 42 state-list seats chosen by the president. The
    # president's choice (SNEK 20, independents 22) is taken as given and added to the districts.
    rs = load_rule_set("kz-1994")
    choice = {"state-list": {"SNEK": 20, "independent": 22}}
    a = allocate(rs, districts={"1": ballot(("x", "SNEK", 50), ("y", "NKK", 30))},
                 appointed=choice)
    assert a.tier("state-list").seats == {"SNEK": 20, "independent": 22}
    assert a.seats["SNEK"] == 21
    # Without a choice the seats are credited to the appointing body.
    assert allocate(rs).tier("state-list").seats == {"chosen by president": 42}


def test_appointed_choice_must_fill_the_tier():
    t = AppointedTier(name="ank", seats=9, selector="ANK")
    with pytest.raises(InputError, match="fills 8 seats"):
        allocate(t, appointed={"ank": {"Nur Otan": 8}})
