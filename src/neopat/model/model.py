"""``NeopatModel``: the Mesa model of a neopatrimonial regime, one step per year.

The model holds the state both tiers read and write (ruler, factions, elites, offices, parties,
the electorate, the event log) and runs the ordered steps of :mod:`neopat.model.schedule`;
:meth:`NeopatModel.plug` can replace any step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
import networkx as nx
import numpy as np

from neopat.model.agents import COALITION, Elite, Faction, Ruler
from neopat.model.events import Event, EventLog
from neopat.model.formal.elections import build_electorate
from neopat.model.formal.institutions import InstitutionalState
from neopat.model.formal.parties import Party
from neopat.model.indicators import SCALAR_INDICATORS
from neopat.model.informal import economy, recentralisation
from neopat.model.informal.network import build_network
from neopat.model.informal.offices import Office, build_offices
from neopat.model.informal.species import make_species
from neopat.model.population import StartingState, starting_state
from neopat.model.schedule import SCHEDULE, Step
from neopat.scenarios.schema import Scenario


def _latest(name: str) -> Callable[[NeopatModel], Any]:
    return lambda model: model.records[-1][name]


class NeopatModel(mesa.Model):
    """A neopatrimonial regime: ruler, factions, elites, offices, patron-client network.

    ``seed`` feeds one ``numpy.random.SeedSequence``; Mesa's ``random`` is seeded from the same
    generator, so a (scenario, seed) pair reproduces a run exactly.
    """

    def __init__(self, scenario: Scenario, seed: int | np.random.SeedSequence = 0, *,
                 state: StartingState | None = None):
        seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        super().__init__(rng=np.random.default_rng(seq))
        self.scenario = scenario
        self.seed_entropy = seq.entropy
        # the formal tier (parties, society, elections) draws from its own child stream, so
        # the informal tier's draws do not depend on how many voters are sampled
        self.formal_rng = np.random.default_rng(
            np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, 1 << 20)))
        # pre-election polls measure without touching either tier's draws
        self.poll_rng = np.random.default_rng(
            np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, 1 << 21)))
        self.year = scenario.years.start
        self.log = EventLog()
        self.records: list[dict[str, Any]] = []
        self.submodels: list[tuple[str, Step]] = list(SCHEDULE)
        self.state_assets = scenario.economy.state_assets
        self.rule_set = ""
        self.contested_this_year = False
        self.defections_this_year = 0
        self.defections_by_year: dict[int, int] = {}
        self.punish_memory = 0.0
        self.last_recentralisation: int | None = None
        self.lost_office: dict[Elite, tuple[int, int]] = {}
        self.raided_by: dict[Faction, dict[Elite, float]] = {}
        self.appeal_groups: list[list[Elite]] = []
        self._newcomers = 0
        self.parties: list[Party] = []
        self.elections: list[dict[str, Any]] = []
        self.party_rows: list[dict[str, Any]] = []
        self.party_by_key: dict[str, Party] = {}
        self.electorate = None
        self.council_share = scenario.parties.initial_council_share
        self.law_name: str | None = None
        self.falsified_votes = 0.0  # votes moved at the count in the current election
        self.extra_inputs: list = []  # inputs the model schedules itself (early elections)
        self.cancelled_inputs: set[str] = set()  # scheduled inputs called off (term extension)
        self.institutions = InstitutionalState.start(self)
        self.datacollector = mesa.DataCollector(model_reporters={
            name: _latest(name) for name in SCALAR_INDICATORS})
        self._setup(state or starting_state(scenario, self.rng))

    # -- set-up -------------------------------------------------------------------------------
    def _setup(self, state: StartingState) -> None:
        sc = self.scenario
        self.factions: list[Faction] = [
            Faction(self, key=f.key, name=f.name, kind=f.kind, kinship=f.kinship,
                    resource_base=f.resource_base, entry_year=f.entry_year)
            for f in state.factions
        ]
        by_key = {f.key: f for f in self.factions}
        self.ruler = Ruler(self, make_species(sc.ruler.species, sc.ruler.kin_preference,
                                        sc.ruler.legality_weight),
                           key=state.ruler_key or "ruler", faction=state.ruler_faction,
                           authority=sc.ruler.authority, legitimacy=sc.ruler.legitimacy,
                           informal_reliance=sc.ruler.informal_reliance)
        self.elites: list[Elite] = []
        for e in state.elites:
            faction = by_key.get(e.faction)
            if faction is None:
                faction = by_key[e.faction] = Faction(
                    self, key=e.faction, name=e.faction, kind="unknown", kinship=e.kin,
                    resource_base=frozenset(), entry_year=e.entry_year)
                self.factions.append(faction)
            elite = Elite(self, key=e.key, name=e.name, faction=faction, kin=e.kin,
                          generation=e.generation, entry_year=e.entry_year,
                          resource_base=e.resource_base, popularity=e.popularity)
            self.elites.append(elite)
            elite.entry_offices = e.offices
        kinds = [e.entry_offices[0] for e in self.elites if e.entry_offices
                 and e.entry_year <= sc.years.start]
        self.offices: list[Office] = build_offices(
            kinds, sc.patronage.akim_posts, sc.patronage.posts_per_elite * len(self.elites))

    def add_newcomers(self, count: int, sector: str, month: int) -> None:
        """Newcomer input: ``count`` elites enter a business faction (they bid as winners)."""
        base = frozenset({sector}) if sector else frozenset({"industry"})
        faction = Faction(self, key=f"newcomers-{self._newcomers}", name="newcomers",
                          kind="business", kinship=False, resource_base=base,
                          entry_year=self.year)
        self.factions.append(faction)
        for i in range(count):
            elite = Elite(self, key=f"new-{self._newcomers}-{i}", name="newcomer",
                          faction=faction, kin=False, generation="post_soviet",
                          entry_year=self.year, resource_base=base, popularity=0.2)
            self.elites.append(elite)
            economy.enter(self, elite, month)
        self._newcomers += 1

    # -- running ------------------------------------------------------------------------------
    def plug(self, name: str, step: Step) -> None:
        """Replace the step called ``name`` (e.g. ``parties``) with ``step``."""
        names = [n for n, _ in self.submodels]
        if name not in names:
            raise KeyError(f"no submodel step {name!r}; steps: {names}")
        self.submodels[names.index(name)] = (name, step)

    def inputs_this_year(self):
        """Dated inputs of this year (scenario plus model-scheduled), minus cancelled ones."""
        return sorted((i for i in [*self.scenario.inputs, *self.extra_inputs]
                       if i.year == self.year and i.name not in self.cancelled_inputs),
                      key=lambda i: i.month)

    def step(self) -> None:
        """One year: run every submodel step in schedule order."""
        self.contested_this_year = False
        self.defections_this_year = 0
        self._log_start = len(self.log)
        for _, submodel in self.submodels:
            submodel(self)
        self.year += 1
        if self.year > self.scenario.years.end:
            self.running = False
            self.release()

    def run(self) -> NeopatModel:
        while self.running:
            self.step()
        return self

    def release(self) -> None:
        """Drop Mesa's class-level counter of this model's agent ids (``Agent._ids``, keyed by
        model), which otherwise keeps every finished model alive: about 1 MB a run, gigabytes
        in a calibration's workers (mesa#3179, fixed after Mesa 3.3.1). Called when the last
        year has run, however the model was stepped; no agent is added afterwards."""
        mesa.Agent._ids.pop(self, None)

    # -- queries ------------------------------------------------------------------------------
    def log_this_year(self) -> list[Event]:
        return self.log[self._log_start:]

    def office_holder(self, kind: str) -> Elite | None:
        """The holder of the first office of ``kind`` (e.g. ``"justice_registration"``)."""
        for office in self.offices:
            if office.kind == kind:
                return office.holder
        return None

    def akim_of(self, region: int) -> Elite | None:
        akims = [o for o in self.offices if o.kind == "akim"]
        return akims[region % len(akims)].holder if akims else None

    def ensure_electorate(self):
        """The sampled electorate, built once per run at ``scenario.scale``."""
        if self.electorate is None:
            self.electorate = build_electorate(self)
        return self.electorate

    def active_parties(self) -> list[Party]:
        """Parties with status ``registered``."""
        return [p for p in self.parties if p.status == "registered"]

    def fragmentation(self) -> float:
        """Recent defections per elite who has entered (read by both tiers)."""
        return recentralisation.fragmentation(self)

    def network(self) -> nx.DiGraph:
        return build_network(self)

    def coalition(self) -> list[Elite]:
        return [e for e in self.elites if e.status in COALITION]
