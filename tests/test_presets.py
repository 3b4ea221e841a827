"""Comparative presets load and produce the contrast the thesis' Conclusion describes."""

from __future__ import annotations

import numpy as np
import pytest

from neopat.data.provenance import source_problem
from neopat.model.model import NeopatModel
from neopat.scenarios import load_scenario, packaged_names

SEEDS = range(4)
ARBITRATION = ("patronage.balance_cap", "selective.selective_enforcement",
               "selective.punishment_probability", "selective.cooptation_probability",
               "selective.admin_resources", "selective.falsification", "selective.media_control")


def kazakh(*names: str) -> tuple[str, ...]:
    """``--set`` overrides giving the named parameters the kazakhstan scenario's values."""
    reference = load_scenario("kazakhstan")
    out = []
    for name in names:
        section, field = name.split(".")
        out.append(f"{name}={getattr(getattr(reference, section), field)}")
    return tuple(out)


def party_system(name: str, sets: tuple[str, ...] = (), seeds=SEEDS) -> tuple[float, float]:
    """Mean dominant-party seat share and effective number of parties (seats) over elections
    and seeds: outcomes of the mechanisms, never set by the preset."""
    dom, enp = [], []
    for seed in seeds:
        records = NeopatModel(load_scenario(name, list(sets)), seed).run().records
        dom += [r["dominant_seat_share"] for r in records if r.get("dominant_seat_share") is not None]
        enp += [r["enp_seats"] for r in records if r.get("enp_seats") is not None]
    assert dom and enp, name
    return float(np.mean(dom)), float(np.mean(enp))


@pytest.mark.parametrize("name", ["kyrgyzstan", "russia"])
def test_presets_are_packaged_and_load(name):
    assert name in packaged_names()
    scenario = load_scenario(name)
    assert scenario.population.source == "synthetic"
    assert all(i.source.startswith("seed:") or i.source == "assumed" for i in scenario.inputs)
    assert any(i.kind == "election" for i in scenario.inputs)


@pytest.mark.parametrize("name", ["kyrgyzstan", "russia", "generic"])
def test_presets_name_their_own_rule_sets_and_laws(name):
    """Nothing is inherited from the Kazakh record: every rule set and party law an input names
    is the preset's own, cited or marked assumed (with a note, checked when it loads)."""
    scenario = load_scenario(name)
    assert scenario.libraries == []
    for kind in ("rule_set", "party_law"):
        named = {i.name for i in scenario.inputs if i.kind == kind}
        assert named and named == {item.name for item in getattr(scenario, kind)}, kind


def test_the_presets_own_seed_citations_hold(seed_lines):
    problems = []
    for name in packaged_names():
        scenario = load_scenario(name)
        for item in [*scenario.rule_set, *scenario.party_law]:
            for cited in (item, *item.evidence):
                if cited.source.startswith("seed:"):
                    problem = source_problem(cited.source, cited.match, seed_lines)
                    problems += [(name, item.name, problem)] if problem else []
    assert problems == []


def test_presets_use_their_own_laws():
    """Kyrgyzstan registers parties under its own milder law all along, never under the Kazakh
    2002 minimum of 50,000 members; Russia under its own laws, 50,000 from 2005."""
    laws = {}
    for name in ("kyrgyzstan", "russia"):
        log = NeopatModel(load_scenario(name), seed=1).run().log
        laws[name] = {(e.year, e.detail["law"]) for e in log if e.mechanism == "party_registration"}
    assert {law for _, law in laws["kyrgyzstan"]} == {"kg-law"}
    assert laws["russia"] and {law for _, law in laws["russia"]} <= {"ru-pre2001", "ru-2001", "ru-2005"}
    assert all(law == "ru-2005" for year, law in laws["russia"] if year >= 2005)


@pytest.mark.xfail(strict=True, reason="measured (calibrated defaults, 4 seeds): the ordering holds "
                   "but not by the margin: dominant seat share 0.464 against Russia's 0.512 (asks "
                   "0.05 less) and Kazakhstan's 0.536; ENP 3.37 against 2.88 and 2.58")
def test_kyrgyzstan_has_a_less_consolidated_more_competitive_party_system():
    """Kyrgyzstan ("more liberal", fractured elites, a presidential party only in 2007:
    seed:16906-16916, seed:17113-17127, seed:16816-16820) against Russia and Kazakhstan (a
    dominant party managed from above: seed:16749-16753). Most of this gap comes from the
    preset's low ``parties.vehicle_rate``; the next test isolates arbitration."""
    kg_dom, kg_enp = party_system("kyrgyzstan")
    for other in ("russia", "kazakhstan"):
        dom, enp = party_system(other)
        assert kg_dom < dom - 0.05, (other, kg_dom, dom)
        assert kg_enp > enp + 0.3, (other, kg_enp, enp)


@pytest.mark.xfail(strict=True, reason="measured (calibrated defaults, 6 seeds): both measures "
                   "move the thesis' way, but the dominant seat share only from 0.484 to 0.469 "
                   "(asks 0.03); ENP 3.09 to 3.22")
def test_weaker_arbitration_alone_lowers_consolidation():
    """Everything else equal (Kyrgyz preset, Kazakhstan's vehicle rate), the preset's weaker
    arbitration against Kazakhstan's informal values, on common seeds."""
    base = kazakh("parties.vehicle_rate")
    weak_dom, weak_enp = party_system("kyrgyzstan", base, range(6))
    strong_dom, strong_enp = party_system("kyrgyzstan", (*base, *kazakh(*ARBITRATION)), range(6))
    assert weak_dom < strong_dom - 0.03, (weak_dom, strong_dom)
    assert weak_enp > strong_enp, (weak_enp, strong_enp)
