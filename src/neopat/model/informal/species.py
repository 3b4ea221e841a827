"""Ruler strategy species: small classes with documented decision rules.

Modelled on Laver & Sergenti's party decision rules (sticker, aggregator, hunter ...): each
species answers the same questions (whom to appoint, whether to cap, rotate, punish, how to
arbitrate and to whom privatisation lots go) in its own way. ODD §7.3 defines them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from neopat.model.agents import Elite
    from neopat.model.model import NeopatModel


class RulerSpecies:
    """Base decision rules.

    Parameters: ``kin_preference`` (``ruler.kin_preference``) is the species' own; the shared
    thresholds they apply come from the catalogue (``patronage.balance_cap``,
    ``patronage.appointment_loyalty``, ``patronage.threat_dismissal``,
    ``patronage.rotation_rate``, ``selective.punishment_probability``,
    ``selective.cooptation_probability``, ``arbitration.recentralisation_*``). The class flags
    say which instruments a species uses at all.
    """

    name: ClassVar[str] = ""
    caps_offices: ClassVar[bool] = False  # enforce patronage.balance_cap on office shares
    rotates: ClassVar[bool] = False  # cadre rotation and dismissal of threatening officials
    punishes: ClassVar[bool] = False  # prosecution, exile, seizure through selective means
    coopts: ClassVar[bool] = False  # posts and ambassadorships for defectors and challengers
    recentralises: ClassVar[bool] = False  # moves assets into state holdings after fragmentation
    designs_rules: ClassVar[bool] = True  # answers threats by changing rules (institutions.py)
    loyalty_pays: ClassVar[float] = 0.0  # appointment value of full loyalty over none
    courts_reverse: ClassVar[float] = 0.0  # chance a court reverses a biased decision on appeal

    def __init__(self, kin_preference: float = 0.0, legality_weight: float = 0.0):
        self.kin_preference = kin_preference
        self.legality_weight = legality_weight

    def reversal_cost(self, model: NeopatModel) -> float:
        """What an office-holder expects to lose by a biased decision (applying a rule more
        strictly, or more leniently, than it is written): the chance a court reverses it times
        what a reversed decision costs him in this species' appointments (ODD §7.3)."""
        return 0.0

    def appointment_score(self, elite: Elite, model: NeopatModel) -> float:
        """Higher = appointed first."""
        return elite.loyalty

    def min_appointment_score(self, model: NeopatModel) -> float:
        """Candidates scoring below this are not appointed (loyalty-based species)."""
        return model.scenario.patronage.appointment_loyalty

    def privatisation_weight(self, elite: Elite, model: NeopatModel) -> float:
        """Access to the ruler: loyalty times proximity (office rank), seed:7781-7785."""
        return max(elite.loyalty, 0.0) * (0.2 + elite.last_rank / 10) if elite.in_coalition \
            else 0.05 * max(elite.loyalty, 0.0)

    def restores_victim(self, raider: Elite, victim: Elite, model: NeopatModel) -> bool | None:
        """Arbitration of an appeal: True = assets returned, False = raid upheld, None = ignored."""
        standing_raider = raider.loyalty + (0.5 if raider.kin else 0.0)
        standing_victim = victim.loyalty + (0.5 if victim.kin else 0.0)
        return standing_victim + 0.2 * model.random.random() > standing_raider


class Balancer(RulerSpecies):
    """The thesis' Nazarbaev: arbitrates, caps any faction's share of offices, rotates cadres,
    punishes defectors and co-opts challengers (seed:1590-1612, 7467-7473, 7676-7697).

    Appoints by loyalty (+ kin_preference / 4 for kin); privatisation by access (loyalty x rank);
    arbitration by standing (loyalty, +0.5 for kin) with noise; uses every instrument.
    """

    name = "balancer"
    caps_offices = rotates = punishes = coopts = recentralises = True
    loyalty_pays = 1.0

    def appointment_score(self, elite: Elite, model: NeopatModel) -> float:
        return elite.loyalty + 0.25 * self.kin_preference * elite.kin + 0.1 * model.random.random()


class Favoritist(RulerSpecies):
    """Family first: kin get + kin_preference in appointments, x (1 + kin_preference) access
    in privatisation and win arbitration against non-kin; rotates, punishes and co-opts, but
    applies no office cap."""

    name = "favoritist"
    rotates = punishes = coopts = recentralises = True
    loyalty_pays = 1.0

    def appointment_score(self, elite: Elite, model: NeopatModel) -> float:
        return elite.loyalty + self.kin_preference * elite.kin + 0.1 * model.random.random()

    def privatisation_weight(self, elite: Elite, model: NeopatModel) -> float:
        return super().privatisation_weight(elite, model) * (1.0 + self.kin_preference * elite.kin)

    def restores_victim(self, raider: Elite, victim: Elite, model: NeopatModel) -> bool | None:
        if raider.kin != victim.kin:
            return victim.kin
        return super().restores_victim(raider, victim, model)


class Institutionalist(RulerSpecies):
    """Rational-legal counterfactual: appointment by merit and seniority (a reversed decision
    counts against a career, ``ruler.legality_weight`` each), courts that reverse every biased
    decision, no rotation or prosecution as punishment, impartial arbitration, open auctions
    (ODD §7.3). Rules are applied alike to everyone because no office-holder gains by bending
    them, not because a switch says so."""

    name = "institutionalist"
    designs_rules = False
    courts_reverse = 1.0

    def appointment_score(self, elite: Elite, model: NeopatModel) -> float:
        seniority = (model.year - (elite.entered_year or model.year)) / 10
        return (seniority + elite.popularity - self.legality_weight * elite.reversals
                + 0.01 * model.random.random())

    def reversal_cost(self, model: NeopatModel) -> float:
        return self.courts_reverse * self.legality_weight

    def min_appointment_score(self, model: NeopatModel) -> float:
        return float("-inf")

    def privatisation_weight(self, elite: Elite, model: NeopatModel) -> float:
        return 1.0

    def restores_victim(self, raider: Elite, victim: Elite, model: NeopatModel) -> bool | None:
        return True


class LaissezFaire(RulerSpecies):
    """Leaves the elite to itself: random appointments, privatisation by existing wealth (a
    market), appeals ignored; no cap, rotation, punishment, co-optation or re-centralisation."""

    name = "laissez_faire"

    def appointment_score(self, elite: Elite, model: NeopatModel) -> float:
        return model.random.random()

    def min_appointment_score(self, model: NeopatModel) -> float:
        return float("-inf")

    def privatisation_weight(self, elite: Elite, model: NeopatModel) -> float:
        return 1.0 + elite.wealth

    def restores_victim(self, raider: Elite, victim: Elite, model: NeopatModel) -> bool | None:
        return None


SPECIES: dict[str, type[RulerSpecies]] = {
    cls.name: cls for cls in (Balancer, Favoritist, Institutionalist, LaissezFaire)
}


def make_species(name: str, kin_preference: float, legality_weight: float) -> RulerSpecies:
    return SPECIES[name](kin_preference=kin_preference, legality_weight=legality_weight)
