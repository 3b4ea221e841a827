"""Mesa agents of the informal tier's actors (the ruler, elite factions, individual elites) and
their status vocabulary: the state both tiers read, so both may import this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from neopat.model.informal.offices import Office
    from neopat.model.informal.species import RulerSpecies

# Elite status values. "inactive" = not yet a player (before entry_year).
INACTIVE, IN_OFFICE, OUT_OF_OFFICE, OPPOSITION, EXILED, IMPRISONED = (
    "inactive", "in_office", "out_of_office", "opposition", "exiled", "imprisoned")
COALITION = frozenset({IN_OFFICE, OUT_OF_OFFICE})


class Ruler(mesa.Agent):
    """The supreme patron: authority, legitimacy, informal reliance, and a strategy species."""

    def __init__(self, model: mesa.Model, species: RulerSpecies, *, key: str, faction: str,
                 authority: float, legitimacy: float, informal_reliance: float):
        super().__init__(model)
        self.key = key
        self.faction_key = faction
        self.species = species
        self.authority = authority
        self.legitimacy = legitimacy
        self.informal_reliance = informal_reliance
        self.uncertainty = informal_reliance
        self.budget = 0.0


class Faction(mesa.Agent):
    """An informal elite group; its assets are its members' wealth."""

    def __init__(self, model: mesa.Model, *, key: str, name: str, kind: str, kinship: bool,
                 resource_base: frozenset[str], entry_year: int):
        super().__init__(model)
        self.key = key
        self.name = name
        self.kind = kind
        self.kinship = kinship
        self.resource_base = resource_base
        self.entry_year = entry_year
        self.loyalty = 0.7
        self.expected = 0.0
        self.received = 0.0
        self.members: list[Elite] = []

    @property
    def active_members(self) -> list[Elite]:
        return [e for e in self.members if e.status != INACTIVE]

    @property
    def assets(self) -> float:
        return sum(e.wealth for e in self.members if e.status in COALITION | {OPPOSITION})


class Elite(mesa.Agent):
    """A member of the elite: faction, office, wealth, popularity, loyalty, grievance, status."""

    def __init__(self, model: mesa.Model, *, key: str, name: str, faction: Faction, kin: bool,
                 generation: str, entry_year: int, resource_base: frozenset[str],
                 popularity: float):
        super().__init__(model)
        self.key = key
        self.name = name
        self.faction = faction
        self.kin = kin
        self.generation = generation
        self.entry_year = entry_year
        self.resource_base = resource_base
        self.popularity = popularity
        self.wealth = 0.0
        self.seen_wealth = 0.0  # wealth as the ruler saw it at the end of last year
        self.loyalty = 0.7
        self.grievance = 0.0
        self.shock_month = 1  # month of this year's latest triggering shock
        self.triggered = False  # a trigger this year (dismissal, lost appeal ...): exit is weighed
        self.status = INACTIVE
        self.office: Office | None = None
        self.last_rank = 0
        self.entered_year: int | None = None
        self.entry_offices: list[str] = []  # starting-state input: posts held on entry
        self.reversals = 0  # decisions of his a court reversed (an institutionalist counts them)
        self.regions: set[int] = set()  # regions he governed as akim (where his clients are)
        faction.members.append(self)

    @property
    def in_coalition(self) -> bool:
        return self.status in COALITION

    def autonomy(self, wealth_half: float, wealth: float | None = None) -> float:
        """Resources the ruler cannot revoke (0..1): private wealth, amplified by popularity;
        without money of one's own there is no exit option (seed:8063-8069)."""
        w = self.wealth if wealth is None else wealth
        return w / (w + wealth_half) * (0.5 + 0.5 * self.popularity)

    def take_office(self, office: Office, year: int) -> None:
        if self.office is not None:
            self.leave_office()
        office.holder = self
        office.history.append(self.key)
        if office.region is not None:
            self.regions.add(office.region)
        self.office = office
        self.last_rank = office.rank
        self.status = IN_OFFICE

    def leave_office(self) -> Office | None:
        office, self.office = self.office, None
        if office is not None:
            office.holder = None
        if self.status == IN_OFFICE:
            self.status = OUT_OF_OFFICE
        return office

    def shock(self, amount: float, month: int, trigger: bool = True) -> None:
        """Add grievance from an event in ``month``; a trigger makes the elite weigh exit."""
        self.grievance += amount
        if trigger:
            self.triggered = True
            self.shock_month = max(self.shock_month, month)
