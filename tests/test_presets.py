"""Comparative presets load and produce the contrast the thesis' Conclusion describes."""

from __future__ import annotations

import numpy as np
import pytest

from neopat.model.model import NeopatModel
from neopat.scenarios import load_scenario, packaged_names

SEEDS = range(4)


def party_system(name: str) -> tuple[float, float]:
    """Mean dominant-party seat share and effective number of parties (seats) over elections
    and seeds: outcomes of the mechanisms, never set by the preset."""
    dom, enp = [], []
    for seed in SEEDS:
        records = NeopatModel(load_scenario(name), seed).run().records
        dom += [r["dominant_seat_share"] for r in records if r.get("dominant_seat_share") is not None]
        enp += [r["enp_seats"] for r in records if r.get("enp_seats") is not None]
    assert dom and enp, name
    return float(np.mean(dom)), float(np.mean(enp))


@pytest.mark.parametrize("name", ["kyrgyzstan", "russia"])
def test_presets_are_packaged_and_load(name):
    assert name in packaged_names()
    scenario = load_scenario(name)
    assert scenario.population.source == "synthetic"
    assert all(i.source.startswith("seed:") for i in scenario.inputs)
    assert any(i.kind == "election" for i in scenario.inputs)


def test_weaker_arbitration_gives_a_less_consolidated_more_competitive_party_system():
    """Kyrgyzstan ("more liberal", fractured elites: seed:16906-16916, seed:17113-17127) against
    Russia and Kazakhstan (a dominant party managed from above: seed:16749-16753)."""
    kg_dom, kg_enp = party_system("kyrgyzstan")
    for other in ("russia", "kazakhstan"):
        dom, enp = party_system(other)
        assert kg_dom < dom - 0.05, (other, kg_dom, dom)
        assert kg_enp > enp + 0.3, (other, kg_enp, enp)
