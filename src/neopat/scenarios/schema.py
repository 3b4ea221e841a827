"""Scenario schema (pydantic). Unknown keys and out-of-range values are rejected.

Every numeric or categorical model parameter is declared here once, with :func:`param`;
``neopat.scenarios.catalogue.catalogue(Scenario)`` lists them. The formal tier is data too: a
scenario's dated ``rule_set`` and ``party_law`` inputs name rule sets and party laws of its own
(``[[rule_set]]``/``[[party_law]]`` tables citing any source) or of an imported packaged library
(``libraries = ["kazakhstan"]``); :meth:`Scenario.formal_items` resolves the names.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from neopat.data.rule_sets import PartyLaw, RuleSet, library, provenance_problem
from neopat.errors import InputError
from neopat.rules.typology import IdeologyCategory, TypologyParams
from neopat.scenarios.catalogue import param

SPECIES = ("balancer", "favoritist", "institutionalist", "laissez_faire")
SILENT = "default (thesis silent)"  # the source of a default the thesis does not ground
SEED_LIMIT = 2**63  # a seed s is 0 <= s < 2**63: stores keep seeds as 64-bit integers
MAX_RUNS = 1_000_000  # model runs one command may ask for, and points one design may have
Seed = Annotated[int, Field(ge=0, lt=SEED_LIMIT)]
DISTRICT_VOTERS = 10  # sampled voters the smallest single-member district expects at the floor

# Settings in which the catalogue check (tests/test_catalogue_check.py) shows a parameter acting
OPEN_EXIT = {"loyalty.defection_base": 50, "selective.punishment_probability": 0}  # parties form
ENDOGENOUS = {"institutions.endogenous": True}
THREATENED = {**ENDOGENOUS, "institutions.threat_vote": 10, "institutions.threat_elite": 10,
              "institutions.threat_legislature": 10}
HOSTILE = {**ENDOGENOUS, "institutions.assembly_majority": 0}
GESTURING = {**ENDOGENOUS, "institutions.criticism_threshold": 0}
IMPARTIAL = {"ruler.species": "institutionalist"}
FULL_FALSIFICATION = {"selective.falsification": 1}
PUNISHING = {"selective.punishment_probability": 1}
FROM_1999 = {**THREATENED, "institutions.initial_rule_set": "kz-1999"}  # a list tier, no appointed
# Why the check cannot show some parameters acting (``inert``)
VIEW_ONLY = ("sizes the patron-client network's voter blocks, a view of the state "
             "(NeopatModel.network); the electorate the model votes with comes from the record's "
             "assumptions")
COHERENCE_ONLY = ("enters only programmatic coherence (rules.typology), which the model computes "
                  "but neither records nor reads: party types are recorded, not coherence")
UNSEEN = ("moved no output beyond the between-seed spread with endogenous institutions, at the "
          "default threat weights, at the heaviest (10) or with a hostile assembly; not yet "
          "explained (ODD §10)")


@cache
def scale_floor() -> tuple[float, int]:
    """The smallest ``scale`` that gives every district voters: the one at which the smallest
    single-member district of any packaged rule set expects ``DISTRICT_VOTERS`` sampled voters
    (districts split regions as the model splits them); and that tier's district count."""
    import numpy as np

    from neopat.data.assumptions import load_assumptions
    from neopat.data.rule_sets import SmdTier, list_rule_sets
    from neopat.rules import apportion

    record = load_assumptions()
    shares, voters = record.electorate_shares, record.registered_voters()
    floor, districts = 0.0, 0
    for tier in (t for rs in list_rule_sets() for ch in rs.chambers for t in ch.tiers):
        if isinstance(tier, SmdTier):
            extra = max(tier.districts - len(shares), 0)
            per = np.asarray(apportion(shares, extra, "hare"), dtype=float) + 1
            needed = DISTRICT_VOTERS / float(np.min(voters * shares / per))
            floor, districts = max((floor, districts), (needed, tier.districts))
    step = 10.0 ** (math.floor(math.log10(floor)) - 2)  # rounded up to three digits
    return round(math.ceil(floor / step) * step, 12), districts
FormalKind = Literal["rule_set", "party_law"]


QUIET = "at the calibrated defaults (ODD §9)"  # how every reason ``quiet`` gives begins


def quiet(former: str) -> str:
    """Why a parameter is inert at the calibrated defaults: neither its former check output nor
    any other the survey tries moves (ODD §8; tests/test_catalogue_check.py checks it)."""
    return (f"{QUIET} neither its former output {former} nor any "
            "other surveyed output (every recorded indicator and mechanism event count) moved "
            "more than 2.2 between-seed spreads from one end to the other on both of two sets "
            "of five seeds")


class Section(BaseModel):
    """A block of the scenario: unknown keys and assignments out of range are refused."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class RulerParams(Section):
    species: Literal["balancer", "favoritist", "institutionalist", "laissez_faire"] = param(
        "balancer", group="patronage",
        doc="ruler strategy species (decision rules for appointments, cap, rotation, punishment)",
        source="seed:1590-1612", output="events:rotation")
    authority: float = param(0.5, 0, 1, group="patronage", doc="initial personal authority",
                             source="seed:6709-6713",
                             inert="overwritten by the first year's collect step (the rank-weighted loyalty "
                                   "of office-holders) before any mechanism or record reads it")
    legitimacy: float = param(0.6, 0, 1, group="patronage", doc="initial legitimacy",
                              source=SILENT, output="legitimacy")
    informal_reliance: float = param(
        0.4, 0, 1, group="patronage",
        doc="initial reliance on informal instruments (a state: it then follows uncertainty)",
        source="seed:6291-6302", output="informal_reliance:min")
    reliance_rate: float = param(
        0.3, 0, 1, group="patronage",
        doc="yearly rate at which informal reliance moves toward current uncertainty",
        source="seed:6291-6302", output="informal_reliance:max")
    kin_preference: float = param(
        0.6, 0, 5, group="patronage",
        doc="favoritist: extra appointment and privatisation weight of kin factions",
        source="seed:7721-7746", output="approval_mean:sum",
        when={"ruler.species": "favoritist"})
    legality_weight: float = param(
        2.0, 0, 5, group="patronage",
        doc="institutionalist: what a decision reversed in court costs an official's career "
            "(appointment score); at 1 or more no official gains by bending a rule",
        source=SILENT, output="events:commission_loyalty.loyalty", when=IMPARTIAL)
    legitimacy_rate: float = param(
        0.2, 0, 1, group="patronage",
        doc="yearly rate at which legitimacy moves toward its target (rent growth less elite "
            "fragmentation)", source="seed:14944-14950", output="legitimacy:max")
    fragmentation_uncertainty: float = param(
        3.0, 0, 20, group="patronage",
        doc="the ruler's uncertainty per unit of elite fragmentation (defectors / elites)",
        source="seed:6291-6302", output="uncertainty:max")
    legitimacy_base: float = param(
        0.6, 0, 1, group="patronage",
        doc="legitimacy target in a year of flat rents and no elite fragmentation",
        source="seed:4604-4610", output="legitimacy")
    growth_legitimacy: float = param(
        2.0, 0, 10, group="patronage",
        doc="legitimacy target gained per unit of rent growth (popularity rests on economic "
            "stability)", source="seed:4604-4610", output="legitimacy:last")
    contested_uncertainty: float = param(
        0.5, 0, 1, group="patronage",
        doc="uncertainty added by a year with a rule-set change or an election",
        source="seed:6291-6302", output="uncertainty")


class EconomyParams(Section):
    state_assets: float = param(100.0, 0, 1e6, group="economy",
                                doc="state assets at the start (abstract units)", source=SILENT,
                                output="state_assets")
    rent_to_patronage: float = param(
        0.5, 0, 1, group="economy",
        doc="share of yearly rents the ruler distributes as patronage through offices",
        source="seed:2521-2537", output="asset_concentration:max")
    private_wealth: float = param(
        0.5, 0, 1e4, group="economy",
        doc="wealth of an elite entering with a private holding (business, bank, media)",
        source="seed:7804-7812", output="events:defection.wealth")
    office_enrichment: float = param(
        0.3, 0, 1, group="economy",
        doc="share of an office's patronage rents its holder keeps as private wealth",
        source="seed:2807-2815", output="asset_concentration:max")
    access_exponent: float = param(
        2.0, 0, 6, group="economy",
        doc="how sharply privatisation lots follow access to the ruler (0 = uniform)",
        source="seed:7781-7785", output="asset_concentration:sum")
    newcomer_bonus: float = param(
        2.0, 0, 20, group="economy",
        doc="extra allocation weight of elites entering in a privatisation year (winners)",
        source="seed:7806-7836",
        inert="decides which bidders win lots, and the record's few newcomers in privatisation years (1993, "
              "1995, 2001) leave no recorded output outside the between-seed spread")
    lots_per_bidder: float = param(
        0.5, 0.05, 1, group="economy",
        doc="privatisation lots per bidder (at least one lot)", source=SILENT,
        inert=quiet("events:satellite_kept"))
    lost_auction_grievance: float = param(
        0.5, 0, 5, group="economy",
        doc="grievance of a bidder who wins nothing in a sector sale, relative to "
            "loyalty.status_grievance", source=SILENT, output="events:defection.grievance")


class PatronageParams(Section):
    balance_cap: float = param(
        0.3, 0.05, 1, group="patronage",
        doc="balancer: maximum share of offices any faction may hold (assets are not capped)",
        source="seed:7467-7473", output="top_office_share")
    rotation_rate: float = param(
        0.15, 0, 1, group="patronage",
        doc="yearly probability that an office-holder is rotated (shifted from post to post)",
        source="seed:7676-7697", output="events:rotation")
    threat_dismissal: float = param(
        0.4, 0, 1, group="patronage",
        doc="autonomy (as seen last year) above which a balancer dismisses a top official: "
            "no independent power bases near the top",
        source="seed:8490-8496", output="events:dismissal")
    akim_posts: int = param(
        4, 1, 100, group="patronage",
        doc="akim posts held by modelled elites (other regions' brokers stay anonymous)",
        source="seed:7697-7713", output="events:appointment[office=akim]")
    posts_per_elite: float = param(
        0.5, 0.05, 2, group="patronage",
        doc="modelled posts per modelled elite (offices are scarce; at least one of each kind)",
        source="seed:7676-7685", output="top_office_share")
    appointment_loyalty: float = param(
        0.5, 0, 1, group="patronage",
        doc="minimum loyalty for an appointment by a loyalty-based species",
        source="seed:2655-2673", output="events:appointment")
    expectation_memory: float = param(
        0.5, 0, 1, group="patronage",
        doc="weight of last year's expectation in the new one (adaptive expectations)",
        source=SILENT, output="ruler_authority:mean")
    comparable_gap: int = param(
        1, 0, 6, group="patronage",
        doc="a new post is comparable to the lost one if its rank is at most this much lower "
            "(else status grievance)", source="seed:8321-8339", output="events:status_loss")
    top_rank: int = param(
        5, 2, 8, group="patronage",
        doc="posts of this rank and above are top posts (threat dismissal, promotion)",
        source="seed:8490-8496", output="events:dismissal")
    patron_rank: int = param(
        5, 2, 8, group="patronage",
        doc="holders of posts of this rank and above are patrons in the patron-client network",
        source=SILENT,
        inert="labels patrons in the patron-client network, a view of the state (NeopatModel.network); no "
              "mechanism or record reads the label")


class ArbitrationParams(Section):
    conflict_propensity: float = param(
        0.6, 0, 1, group="arbitration",
        doc="yearly probability that a faction holding coercive offices raids a rival",
        source="seed:8087-8107", output="raids")
    seizure_fraction: float = param(
        0.35, 0, 1, group="arbitration",
        doc="share of the target's wealth seized in a raid", source="seed:8087-8107",
        output="asset_concentration:last")
    appeal_probability: float = param(
        0.7, 0, 1, group="arbitration",
        doc="probability that a raid victim signs the collective appeal", source="seed:8107-8123",
        inert=quiet("opposition:max"))
    appeal_threshold: float = param(
        1.5, 0, 100, group="arbitration",
        doc="summed grievance of one faction's raid victims at which they appeal jointly",
        source="seed:8107-8123", output="events:appeal")
    recentralisation_threshold: float = param(
        0.2, 0, 1, group="arbitration",
        doc="elite fragmentation (defectors / active elites, 3-year window) that triggers "
            "re-centralisation of assets into state holdings",
        source="seed:8541-8545", output="events:recentralisation")
    recentralisation_share: float = param(
        0.3, 0, 1, group="arbitration",
        doc="share of private elite wealth moved into state holdings by re-centralisation",
        source="seed:8559-8589",
        output="events:recentralisation.moved",
        when={"arbitration.recentralisation_threshold": 0})
    fragmentation_window: int = param(
        3, 1, 10, group="arbitration",
        doc="years over which elite fragmentation (defectors / elites who have entered) is "
            "measured", source=SILENT, output="uncertainty")
    recentralisation_cooldown: int = param(
        3, 1, 20, group="arbitration", doc="years between two re-centralisations", source=SILENT,
        output="events:recentralisation",
        when={"arbitration.recentralisation_threshold": 0})
    reversal_relief: float = param(
        0.5, 0, 1, group="arbitration",
        doc="share of a raid victim's grievance left when arbitration reverses the raid",
        source="seed:8125-8147", inert=quiet("events:appeal"), when=IMPARTIAL)
    lost_appeal_grievance: float = param(
        0.5, 0, 5, group="arbitration",
        doc="extra grievance of a lost collective appeal, relative to loyalty.seizure_grievance",
        source="seed:8107-8123",
        output="events:defection.grievance",
        when={"arbitration.appeal_threshold": 0})
    faction_solidarity: float = param(
        0.5, 0, 1, group="arbitration",
        doc="probability that a faction-mate of an appealing victim, with wealth of his own, "
            "co-signs the appeal", source="seed:8119-8123",
        inert=quiet("informal_reliance:mean"))
    protection_loss: float = param(
        0.5, 0, 1, group="arbitration",
        doc="share of their loyalty the signatories of an upheld appeal lose: the patron "
            "has sided with their raider", source="seed:8125-8155",
        inert=quiet("defections:max"), when={"arbitration.faction_solidarity": 1})


class LoyaltyParams(Section):
    loyalty_rate: float = param(
        0.3, 0, 1, group="loyalty",
        doc="speed at which loyalty follows received versus expected patronage",
        source="seed:2655-2673", output="ruler_authority:last")
    grievance_decay: float = param(0.5, 0, 1, group="loyalty",
                                   doc="share of grievance kept from one year to the next",
                                   source=SILENT, output="events:arbitration")
    status_grievance: float = param(
        1.2, 0, 5, group="loyalty",
        doc="grievance from losing an office with no comparable new one",
        source="seed:8321-8339", output="defections")
    seizure_grievance: float = param(
        1.0, 0, 5, group="loyalty",
        doc="grievance per unit share of one's wealth seized by a rival, times one's autonomy",
        source="seed:8107-8123",
        output="events:appeal")
    defection_base: float = param(
        4.0, 0, 50, group="loyalty",
        doc="scale of the defection hazard autonomy x grievance x (1 - loyalty)",
        source="seed:8063-8069", output="events:defection.grievance")
    autonomy_half: float = param(
        1.5, 0.01, 1e4, group="loyalty",
        doc="wealth at which an elite's autonomy from the ruler reaches one half",
        source="seed:8063-8069", output="events:defection")
    contagion: float = param(
        1.0, 0, 5, group="loyalty",
        doc="co-signatories of a lost appeal join a defector with probability "
            "contagion x autonomy x (1 - loyalty)",
        source="seed:8147-8155", inert=quiet("approval_mean:last"), when={"loyalty.defection_base": 50})
    deterrence: float = param(
        0.5, 0, 5, group="loyalty",
        doc="how much visible punishments (decaying) damp the defection hazard",
        source="seed:8217-8221",
        inert=quiet("raids:max"), when={**PUNISHING, "loyalty.defection_base": 50})
    punishment_memory: float = param(
        0.5, 0, 1, group="loyalty",
        doc="share of the visible punishments' weight kept from one year to the next",
        source=SILENT,
        output="state_assets:last",
        when={**PUNISHING, "loyalty.defection_base": 50, "loyalty.deterrence": 5})
    out_of_office_discount: float = param(
        0.85, 0, 1, group="loyalty",
        doc="an elite without a post aims at this share of his faction's loyalty",
        source=SILENT, output="events:status_loss", when=OPEN_EXIT)
    grievance_loyalty: float = param(
        0.3, 0, 1, group="loyalty",
        doc="how much current grievance (up to 1) lowers an elite's loyalty target",
        source=SILENT, inert=quiet("elite_cohesion:mean"))
    kin_loyalty: float = param(
        0.1, 0, 1, group="loyalty",
        doc="loyalty target kinship adds (kinship does not protect from punishment)",
        source="seed:7755-7766", output="ruler_authority:min")


class SelectiveParams(Section):
    selective_enforcement: float = param(
        0.8, 0, 1, group="selective application",
        doc="how strictly loyal office-holders apply rules against disloyal actors",
        source="seed:3880-3888", output="raids")
    punishment_probability: float = param(
        0.7, 0, 1, group="selective application",
        doc="probability that a defector is prosecuted (office and assets lost)",
        source="seed:8205-8217", output="state_assets:min")
    exile_share: float = param(
        0.3, 0, 1, group="selective application",
        doc="share of prosecuted defectors who end in exile rather than prison",
        source="seed:8026-8036", inert=quiet("events:founders_join"), when=PUNISHING)
    cooptation_probability: float = param(
        0.5, 0, 1, group="selective application",
        doc="probability that an unpunished defector or challenger is offered a post",
        source="seed:7161-7169",
        inert=quiet("events:cooptation"), when={"selective.punishment_probability": 0})
    seized_on_punishment: float = param(
        0.7, 0, 1, group="selective application",
        doc="share of a punished defector's wealth moved to state holdings ('portions of "
            "their business interests')", source="seed:8205-8217",
        output="state_assets:min", when=PUNISHING)
    coopted_loyalty: float = param(
        0.5, 0, 1, group="selective application",
        doc="loyalty of a co-opted defector on taking his post", source="seed:7161-7169",
        inert=quiet("loyal_office_share:last"),
        when={**OPEN_EXIT, "selective.cooptation_probability": 1, "loyalty.loyalty_rate": 0})
    loyal_threshold: float = param(
        0.5, 0.05, 1, group="selective application",
        doc="loyalty at or above which an actor counts as loyal: office-holders apply rules "
            "fully as the ruler wishes, factions fund only loyal parties", source=SILENT,
            output="loyal_office_share")
    admin_resources: float = param(
        0.5, 0, 1, group="administrative resources",
        doc="administrative pressure available to pro-presidential actors (used by elections)",
        source="seed:3745-3753", inert=quiet("events:list_deregistration"))
    falsification: float = param(
        0.3, 0, 1, group="falsification",
        doc="falsification capacity where commissions are loyal (used by elections)",
        source="seed:3745-3757", output="pro_presidential_seat_share:mean")
    media_control: float = param(
        0.5, 0, 1, group="administrative resources",
        doc="state control of the media (used by society)", source="seed:8559-8582", output="approval_sd")


class ClientelismParams(Section):
    n_regions: int = param(16, 1, 200, group="clientelism",
                           doc="regions (each with an akim broker)", source=SILENT,
                           when=THREATENED,
                           inert="sizes the network view's voter blocks and, with endogenous "
                                 "institutions, the regions of a regional requirement where the "
                                 "party law in force sets none; no output moved there")
    voters: float = param(9.0e6, 1, 1e9, group="clientelism",
                          doc="national electorate (voter blocks carry counts)", source=SILENT,
                          inert=VIEW_ONLY)
    state_sector_share: float = param(
        0.4, 0, 1, group="clientelism", doc="share of voters in the state sector",
        source="seed:4568-4598", inert=VIEW_ONLY)
    rural_share: float = param(0.45, 0, 1, group="clientelism",
                               doc="share of voters in rural blocks", source=SILENT, inert=VIEW_ONLY)


class InstitutionsParams(Section):
    """Endogenous institutions (ODD §7.12): the ruler's menu and its prices.

    Prices are legitimacy costs fixed a priori by one rule (the more visible the breach of
    constitutional order, the dearer): constitutional acts > electoral-system changes >
    party-law changes. They were set before any comparison with history. The three threat
    weights come from one procedure scored on pre-2000 episodes only
    (``neopat.experiments.episodes.calibrate``, ODD §7.12).
    """

    endogenous: bool = param(
        False, group="institutional design",
        doc="true: the historical rule-set calendar is off and the ruler designs the rules",
        source="seed:6979-6985",
        output="events:rule_set")
    initial_rule_set: str = param(
        "", group="institutional design",
        doc="endogenous mode: the rule set in force at the start (empty: the scenario's first "
            "rule_set input)",
        source="seed:7219-7225", span=("kz-1994", "kz-2007"),
        output="events:gesture", when=ENDOGENOUS)
    initial_party_law: str = param(
        "", group="institutional design",
        doc="endogenous mode: the party law in force at the start (empty: the scenario's first "
            "party_law input)",
        source="seed:10776-10790", span=("kz-pre1996", "kz-2005"),
        output="events:party_dissolution", when=ENDOGENOUS)
    assembly_majority: float = param(
        0.5, 0, 1, group="institutional design",
        doc="share of seats outside the presidential camp (times legislative power) at which "
            "the legislature passes no-confidence votes and overrides vetoes",
        source="seed:7297-7307",
        output="events:legislature_acts", when=ENDOGENOUS)
    independent_loyalty: float = param(
        0.83, 0, 1, group="institutional design",
        doc="share of deputies of no party (independents) who side with the president: 20 "
            "'government associated' of 24 independents in 1999; 'most' in 1999 and 2004",
        source="seed:8443-8445",
        output="events:institutional_change[option=full_list_pr]", when=HOSTILE)
    constitution_power: float = param(
        0.3, 0, 1, group="institutional design",
        doc="legislative power left by a superpresidential constitution (1 = the 1993 one)",
        source="seed:7329-7333",
        inert=UNSEEN)
    wave_threat: float = param(
        0.1, 0, 1, group="institutional design",
        doc="elite fragmentation (defectors / elites, 3 years) read as a full defection wave",
        source="seed:8069-8073", span=(0.02, 1.0),  # at 0 the wave channel is off, as at 1
        inert=quiet("events:institutional_change.threat"), when=ENDOGENOUS)
    threat_vote: float = param(
        1.0, 0, 10, group="institutional design",
        doc="weight of the electorate's disapproval of the ruler in the threat he foresees "
            "(calibrated on pre-2000 episodes)", source="seed:10104-10116",
        output="events:gesture.threat", when=ENDOGENOUS)
    threat_elite: float = param(
        0.5, 0, 10, group="institutional design",
        doc="weight of defection waves and the opposition's resources and elite backers in the "
            "threat the ruler foresees (calibrated on pre-2000 episodes)", source="seed:8063-8073",
        output="apathy_mean:last", when=ENDOGENOUS)
    threat_legislature: float = param(
        2.0, 0, 10, group="institutional design",
        doc="weight of an assertive legislature (hostile share x its power) in the threat the "
            "ruler foresees (calibrated on pre-2000 episodes)", source="seed:6929-6935",
        inert=UNSEEN)
    foresight: float = param(
        0.5, 0, 1, group="institutional design",
        doc="discount per year between a change and the election it is meant for", source=SILENT,
        inert="moved no output beyond the between-seed spread with endogenous institutions, at "
              "the heaviest threat (with full PR or the threshold free) or from the 1999 rules; "
              "not yet explained (ODD §10)")
    elite_reaction: float = param(
        1.0, 0, 10, group="institutional design",
        doc="legitimacy-equivalent cost per share of seats a change takes from the ruler's own "
            "camp (notables, satellites)", source=SILENT,
        inert="a change rarely takes seats from his camp in the forecast: of 734 electoral and "
              "party-law changes weighed in 10 endogenous runs, 13 (raised thresholds) did, by "
              "0.03 of the seats on average, so the reaction seldom decides (ODD §10)")
    criticism_price: float = param(
        1.0, 0, 10, group="institutional design",
        doc="how much international criticism (0..1) raises the price of a restrictive change",
        source="seed:10029-10039",
        output="legitimacy:last", when=GESTURING)
    episode_gap: int = param(
        1, 0, 10, group="institutional design",
        doc="changes at most this many years apart form one episode (comparison with history)",
        source=SILENT,
        inert="read only when a run's changes are compared with the record's episodes "
              "(experiments.episodes), never by the model")
    legitimacy_floor: float = param(
        0.2, 0, 1, group="institutional design",
        doc="the ruler makes no change whose cost would take legitimacy below this", source=SILENT,
        output="legitimacy:first", when=THREATENED)
    cost_dissolution: float = param(
        0.15, 0, 1, group="institutional design",
        doc="legitimacy cost: dissolving the legislature through the courts",
        source="seed:7384-7394",
        inert=quiet("events:institutional_change[option=dissolution]"), when=FROM_1999)
    cost_decree: float = param(
        0.1, 0, 1, group="institutional design",
        doc="legitimacy cost: a year of rule by decree without a legislature",
        source="seed:7491-7497",
        inert=UNSEEN)
    cost_term_referendum: float = param(
        0.1, 0, 1, group="institutional design",
        doc="legitimacy cost: a referendum extending the president's term",
        source="seed:7522-7530",
        output="events:institutional_change[option=term_referendum]", when=ENDOGENOUS)
    cost_constitution: float = param(
        0.15, 0, 1, group="institutional design",
        doc="legitimacy cost: a referendum on a new superpresidential constitution",
        source="seed:7522-7530",
        inert=UNSEEN)
    cost_senate: float = param(
        0.1, 0, 1, group="institutional design",
        doc="legitimacy cost: an upper chamber of regional and appointed senators",
        source="seed:7565-7571",
        output="events:institutional_change[option=senate]", when=ENDOGENOUS)
    cost_imperative_mandate: float = param(
        0.1, 0, 1, group="institutional design",
        doc="legitimacy cost: an imperative mandate (a deputy who leaves his party loses his "
            "seat), a constitutional amendment priced as the others", source="seed:3736-3745",
        output="events:institutional_change[option=imperative_mandate]", when=ENDOGENOUS)
    deputy_rebellion: float = param(
        0.5, 0, 1, group="institutional design",
        doc="probability that a deputy of the presidential camp follows a defecting patron out "
            "of it (per defecting elite's share of the elites); the thesis gives no magnitude",
        source="seed:3736-3745",
        output="events:deputy_rebellion", when=ENDOGENOUS)
    cost_term_exemption: float = param(
        0.1, 0, 1, group="institutional design",
        doc="legitimacy cost: exempting the first president from the term limit",
        source="seed:8984-9002",
        output="events:institutional_change[option=term_exemption]",
        when={**ENDOGENOUS, "institutions.cost_term_referendum": 1})
    cost_threshold: float = param(
        0.05, 0, 1, group="institutional design",
        doc="legitimacy cost: raising the list threshold", source=SILENT,
        inert=UNSEEN)
    cost_full_pr: float = param(
        0.06, 0, 1, group="institutional design",
        doc="legitimacy cost: replacing single-member districts by a national list tier",
        source="seed:8519-8523",
        output="events:institutional_change[option=full_list_pr]", when=ENDOGENOUS)
    cost_bloc_ban: float = param(
        0.05, 0, 1, group="institutional design",
        doc="legitimacy cost: banning electoral blocs", source="seed:10205-10212",
        inert=UNSEEN)
    cost_appointed: float = param(
        0.08, 0, 1, group="institutional design",
        doc="legitimacy cost: adding appointed seats", source="seed:7221-7225",
        output="events:institutional_change[option=appointed_seats]", when=FROM_1999)
    cost_registration: float = param(
        0.03, 0, 1, group="institutional design",
        doc="legitimacy cost: raising the party law's membership minimum",
        source="seed:10886-10898",
        output="events:institutional_change[option=registration_minimum]", when=HOSTILE)
    cost_regional: float = param(
        0.03, 0, 1, group="institutional design",
        doc="legitimacy cost: a regional requirement (members in every region)",
        source="seed:10886-10898",
        output="events:institutional_change[option=regional_requirement]", when=ENDOGENOUS)
    threshold_step: float = param(
        0.02, 0, 0.5, group="institutional design",
        doc="how much one change raises the list threshold", source=SILENT,
        inert=quiet("events:institutional_change[option=raise_threshold]"),
        when={**FROM_1999, "institutions.cost_threshold": 0})
    list_threshold: float = param(
        0.07, 0, 0.5, group="institutional design",
        doc="threshold of a list tier the ruler creates (gesture or full PR)",
        source="seed:10029-10039",
        output="enp_seats:mean", when=ENDOGENOUS)
    gesture_list_seats: int = param(
        10, 1, 500, group="institutional design",
        doc="seats of the small list tier offered as a gesture", source="seed:7993-8001",
        output="gallagher:min", when={**GESTURING, "institutions.cost_full_pr": 1})
    appointed_share: float = param(
        0.084, 0, 0.5, group="institutional design",
        doc="appointed seats added, as a share of the chamber: the Assembly of People's 9 of "
            "107 seats in 2007", source="seed:10194-10199",
        inert=quiet("incongruence:min"), when={**FROM_1999, "institutions.cost_appointed": 0})
    senate_check: float = param(
        0.5, 0, 1, group="institutional design",
        doc="share of the lower chamber's power an upper chamber of regional and appointed "
            "senators takes", source=SILENT,
        output="events:institutional_change[option=senate]", when=THREATENED)
    term_limit: int = param(
        2, 1, 10, group="institutional design",
        doc="presidential terms a new constitution allows", source="seed:8984-8986",
        inert=UNSEEN)
    mandate_extension: int = param(
        4, 1, 10, group="institutional design",
        doc="years by which a term referendum postpones the presidential election due (the "
            "1995 referendum: from 1996 to December 2000)", source="seed:7522-7526",
        output="events:institutional_change",
        when={**ENDOGENOUS, "institutions.cost_term_referendum": 0})
    presidential_term: int = param(
        7, 1, 10, group="institutional design",
        doc="years of a presidential term (when the limit bites)", source="seed:7993-8001",
        inert=quiet("events:institutional_change[option=term_exemption]"),
        when={**ENDOGENOUS, "institutions.cost_term_referendum": 1})
    office_value: float = param(
        1.0, 0, 10, group="institutional design",
        doc="legitimacy-equivalent value to the ruler of another term in office: the benefit "
            "of an exemption from the term limit, before discounting to the term's end",
        source=SILENT,
        inert=quiet("events:institutional_change[option=term_exemption]"),
        when={**ENDOGENOUS, "institutions.cost_term_referendum": 1})  # both elections held
    registration_factor: float = param(
        5.0, 1, 100, group="institutional design",
        doc="factor by which a change raises the membership minimum (none: 3,000)",
        source="seed:10886-10898",
        output="membership:last", when=FROM_1999)
    regional_min: int = param(
        700, 1, 100000, group="institutional design",
        doc="members per region a regional requirement demands", source="seed:10886-10898",
        output="events:vehicle_patronage", when=THREATENED)
    criticism_per_falsified: float = param(
        1.0, 0, 10, group="institutional design",
        doc="international criticism per unit of the electorate's share moved at the count",
        source="seed:10031-10039",
        inert="moved no output beyond the between-seed spread with endogenous institutions, at "
              "the heaviest threat or with full falsification (ODD §10); not yet explained")
    criticism_per_exclusion: float = param(
        0.02, 0, 1, group="institutional design",
        doc="international criticism per opposition party denied, struck off or liquidated",
        source="seed:10297-10305",
        inert="moved no output beyond the between-seed spread with endogenous institutions, at "
              "the heaviest threat, at a criticism threshold of 0 or 0.05, or with criticism's "
              "price at 10: exclusions are few (a handful of opposition parties per run) and "
              "restrictive changes' prices and falsified counts already keep criticism near its "
              "threshold; not yet explained further (ODD §10)")
    criticism_threshold: float = param(
        0.2, 0, 10, group="institutional design",
        doc="international criticism (summed costs of restrictive changes, decaying) at which "
            "the ruler makes a gesture", source="seed:10029-10039",
        output="events:gesture", when=ENDOGENOUS)
    criticism_decay: float = param(
        0.8, 0, 1, group="institutional design",
        doc="share of international criticism kept from one year to the next", source=SILENT,
        inert=quiet("events:gesture"), when=ENDOGENOUS)
    gesture_gain: float = param(
        0.03, 0, 1, group="institutional design",
        doc="legitimacy a gesture (small list tier, guaranteed second party) earns",
        source="seed:9763-9776",
        output="events:gesture", when=GESTURING)
    early_election_month: int = param(
        12, 1, 12, group="institutional design",
        doc="month of the next year in which a dissolved legislature is re-elected",
        source="seed:7491-7497",
        when=HOSTILE,
        inert="moves only the month an early election is dated within its year; no yearly record "
              "or event count depends on it")


class PartyParams(Section):
    """Party life cycle (ODD §7.11); the thesis gives directions, not rates."""

    presidential_vehicle: bool = param(
        True, group="parties", doc="the ruler founds a party of his own before elections",
        source="seed:12552-12580", output="events:vehicle_patronage")
    vehicle_rate: float = param(
        0.6, 0, 1, group="parties",
        doc="yearly probability that the ruler founds his vehicle in an election year",
        source=SILENT, output="events:vehicle_patronage.joined")
    front_rate: float = param(
        0.15, 0, 1, group="parties",
        doc="yearly probability that a loyal wealthy business or kin faction founds a front",
        source="seed:12425-12462", output="events:party_founding[motive=family]")
    front_min_share: float = param(
        0.08, 0, 1, group="parties",
        doc="asset share a faction needs before it funds a political front", source=SILENT,
        output="types:rationale=oligarchic")
    wave_window: int = param(
        3, 1, 10, group="parties",
        doc="years within which defectors still without a party found or join one together",
        source="seed:8329-8341",
        inert=quiet("membership:mean"), when=OPEN_EXIT)
    founding_cost: float = param(
        0.5, 0, 10, group="parties",
        doc="money (wealth units) a coalition of defectors needs to found a party of its own",
        source="seed:10940-10942", inert=quiet("events:founders_join"))
    founding_share: float = param(
        0.3, 0, 1, group="parties",
        doc="share of their means founders (or joiners) put into the party at once", source=SILENT,
        inert=quiet("membership:mean"),
        when=OPEN_EXIT)
    founder_contribution: float = param(
        0.1, 0, 1, group="parties",
        doc="yearly share of its elites' free means an opposition party receives "
            "(imprisoned founders' wealth is frozen)", source="seed:8245-8247",
            output="membership:max",
            when=OPEN_EXIT)
    funds_burn: float = param(
        0.5, 0, 1, group="parties", doc="share of a party's unspent money gone after a year",
        source=SILENT, output="membership:last", when=OPEN_EXIT)
    vehicle_funds: float = param(
        2.0, 0, 100, group="parties", doc="the state's yearly money for the ruler's party",
        source="seed:12587-12590", inert=quiet("recognition:sum"))
    satellite_funds: float = param(
        0.1, 0, 10, group="parties",
        doc="yearly money of a loyal satellite (doubled when the ruler sponsors it): they "
            "'struggle with finances'", source="seed:12227-12229", output="recognition:last")
    clients_per_rank: float = param(
        2000.0, 0, 1e5, group="parties",
        doc="members an elite's clients bring to his party, per rank of his last office",
        source="seed:11746-11761", inert=quiet("membership"), when=OPEN_EXIT)
    forms_per_fund: float = param(
        40000.0, 0, 1e6, group="parties",
        doc="membership forms a paid drive collects per unit of an opposition party's money "
            "(Alga collected 63,000 forms)", source="seed:11090-11107", output="membership:max")
    spoiler_rate: float = param(
        0.5, 0, 1, group="parties",
        doc="probability that the administration answers a new opposition party with a spoiler",
        source="seed:12503-12533", inert=quiet("events:party_founding[motive=spoiler]"))
    office_seeker_rate: float = param(
        0.1, 0, 1, group="parties",
        doc="yearly probability, times his autonomy (the means to pay for it), that an elite "
            "without a post founds a party of his own to seek office", source="seed:12173-12196",
            output="events:party_founding[motive=office_seeker]")
    movement_rate: float = param(
        1.0, 0, 2, group="parties",
        doc="expected parties a year founded by activists on ideological, ethnic or national "
            "principles, without an elite's money or clients (the thesis gives no rate: the "
            "range's midpoint)", source="seed:7044-7068",
        output="events:party_founding[motive=movement]")
    impartial_seeker_loyalty: float = param(
        0.0, 0, 1, group="parties",
        doc="probability that an office-seeker sides with the president under impartial rules, "
        "where loyalty buys no office", source=SILENT,
        inert=quiet("events:satellite_kept"), when=IMPARTIAL)
    programme_reach: float = param(
        0.5, 0, 2, group="parties",
        doc="under impartial rules, the left-right distance from a party's position within "
        "which aware voters may join it (programmes, not loyalty, sort them)", source=SILENT,
        output="membership:last",
        when=IMPARTIAL)
    enrolment_rate: float = param(
        0.05, 0, 1, group="parties",
        doc="yearly share of the state-employed pool enrolled through akims, times access",
        source="seed:14626-14640", inert=quiet("membership:mean"))
    voluntary_rate: float = param(
        0.5, 0, 1, group="parties",
        doc="yearly share of aware sympathetic voters (approving for loyal, disapproving for "
        "opposition parties) who join voluntarily", source=SILENT, output="membership:last")
    dead_soul_decay: float = param(
        0.3, 0, 1, group="parties",
        doc="yearly share of real members who stop being members while staying on the list "
            "(dead souls), free to join another party", source="seed:11775-11785",
        output="membership:max")
    forming_years: int = param(
        3, 1, 20, group="parties",
        doc="years a forming party keeps recruiting before it gives up", source=SILENT,
        output="events:party_dissolution")
    liquidation_rate: float = param(
        0.12, 0, 1, group="parties",
        doc="yearly hazard that a registered opposition party is liquidated for a minor "
        "infringement, times enforcement", source="seed:10988-10999",
        output="events:party_liquidation",
        when=OPEN_EXIT)
    deregistration_rate: float = param(
        0.3, 0, 1, group="parties",
        doc="probability that an opposition list or candidate is struck off before an election",
        source="seed:10285-10305",
        output="events:list_deregistration",
        when={**OPEN_EXIT, "selective.selective_enforcement": 1})
    plural_ballot: int = param(
        3, 0, 20, group="parties",
        doc="satellites the ruler keeps on the ballot for pluralism's sake (more as criticism "
            "abroad grows): 'a two or three party system'", source="seed:9449-9452",
            output="events:satellite_kept")
    fill_weight: float = param(
        1.0, 0, 5, group="parties",
        doc="worth to the ruler of a satellite that fills one of those ballot places",
        source="seed:9509-9517", output="events:satellite_kept")
    split_weight: float = param(
        1.0, 0, 5, group="parties",
        doc="worth of a satellite per unit of the dangerous opposition vote it can split "
            "(shared voters x the opposition's share over the threshold)", source="seed:9439-9443",
            inert=quiet("events:satellite_kept.worth"),
            when=OPEN_EXIT)
    autonomy_weight: float = param(
        1.0, 0, 5, group="parties",
        doc="cost to the ruler of a satellite per unit of its leader's and backers' autonomy "
            "times disloyalty", source="seed:12491-12501", inert=quiet("events:party_merger"))
    draw_weight: float = param(
        1.0, 0, 5, group="parties",
        doc="cost of a satellite per unit of loyal vote it draws from the vehicle (relative to "
            "the threshold), when the opposition or a defection wave threatens",
        source="seed:8507-8513", output="dominant_vote_share:max")
    office_value: float = param(
        1.0, 0, 5, group="parties",
        doc="what the post a ruler promises for a merger is worth to a satellite's leader "
            "(against the seats within his reach and his autonomy)", source="seed:12235-12241",
            output="events:party_cooptation")
    satellite_favour: float = param(
        0.5, 0, 1, group="parties",
        doc="share of the ruler's administrative machine a satellite he keeps receives "
            "(enrolment, fast registration)", source="seed:11212-11222",
            output="events:party_cooptation")
    split_rate: float = param(
        0.08, 0, 1, group="parties",
        doc="yearly probability that an opposition party splits over strategy toward the "
        "president", source="seed:8218-8232", inert=quiet("events:party_split"), when=OPEN_EXIT)
    bloc_rate: float = param(
        0.5, 0, 1, group="parties",
        doc="probability that an opposition party foreseeing a poll below the list threshold "
            "joins the opposition's bloc where blocs are allowed (a bloc needs two)",
        source="seed:10102-10112", output="events:party_bloc", when=OPEN_EXIT)
    protest_value: float = param(
        0.1, 0, 1, group="parties",
        doc="what boycotting an election is worth to an opposition party per unit of its "
            "recognition, against its chance of seats (doubled when its leader is exiled or in "
            "prison)", source="seed:10121-10122",
            output="events:party_boycott", when=FULL_FALSIFICATION)
    coverage_funds: float = param(
        0.4, 0, 1, group="parties",
        doc="coverage a party's own money can buy at most (own media, rallies)",
        source="seed:12382-12384", output="recognition")
    spend_half: float = param(
        1.0, 0.01, 100, group="parties",
        doc="money at which a party's own coverage reaches half its most", source=SILENT,
        output="recognition")
    dormant_coverage: float = param(
        0.25, 0, 1, group="parties",
        doc="share of its coverage a loyal satellite keeps in a year with no election due",
        source="seed:12227-12229", inert=quiet("dominant_seat_share"), when=OPEN_EXIT)
    home_standing: float = param(
        1.0, 0, 5, group="parties",
        doc="a constituency candidate's extra standing where his party's founders governed as "
            "akims (their clients live there); such parties stand there everywhere",
        source="seed:8305-8307",
        when=OPEN_EXIT,
        inert="acts only for constituency candidates of parties whose founders governed as akims; it moved "
              "no output beyond the between-seed spread, even with opposition parties forming freely")
    vehicle_loyalty_bonus: float = param(
        0.5, 0, 1, group="parties",
        doc="share of a member's gap to full loyalty that the presidential party's patronage "
            "closes each year, at the speed loyalty adjusts (patronage channel)",
        source="seed:12596-12611", output="ruler_authority:sum")
    vehicle_join_rate: float = param(
        0.5, 0, 1, group="parties",
        doc="yearly probability that an office-holder joins the presidential party", source=SILENT,
        output="events:vehicle_patronage")
    council_weight: float = param(
        0.5, 0, 1, group="parties",
        doc="weight of the akim (versus the local council majority) in commission loyalty",
        source="seed:10422-10431", inert=quiet("events:commission_loyalty.loyalty"))
    legitimacy_feedback: float = param(
        0.3, 0, 2, group="parties",
        doc="how strongly legitimacy follows an election's official outcome, turnout and "
        "the criticism falsification draws", source="seed:14944-14950",
        inert=quiet("legitimacy:last"))
    against_all_intercept: float = param(
        0.0, -10, 10, group="parties",
        doc="utility intercept of the 'against all' option in parliamentary and presidential "
        "votes (VoteParams.aa_intercept)", source="seed:14163-14176", output="dominant_seat_share")
    local_standing_sd: float = param(
        2.5, 0, 5, group="parties",
        doc="spread (utility SD) of a constituency candidate's personal standing, drawn per "
        "district and candidate: personalities count for more than parties", source="seed:14563-14568",
        output="pro_presidential_seat_share:min")
    fee_deterrence: float = param(
        5.0, 0, 10, group="parties",
        doc="how strongly the candidate registration fee keeps unfinanced candidates out of a "
        "constituency: they stand with probability times exp(-fee_deterrence * relative fee)",
        source="seed:9905-9911", output="pro_presidential_seat_share:mean")
    initial_council_share: float = param(
        0.7, 0, 1, group="parties",
        doc="loyal share of local councils before the first simulated election", source=SILENT,
        output="opposition_seat_share:max", when=FULL_FALSIFICATION)
    build_years: float = param(
        25.05, 0.1, 50, group="parties",
        doc="years over which the ruler's party builds its network of akims and employers "
            "(access and appeal grow as 1 - exp(-age / build_years))", source=SILENT,
        output="dominant_seat_share:sum")
    notable_access_share: float = param(
        0.5, 0, 1, group="parties",
        doc="share of the vehicle's administrative access a self-nominated notable declaring "
            "for the president draws (the same akims' machine backs both; the share is not printed)",
        source="seed:10176-10177",
        inert="a notable's access moves the single-member seats of a few districts at the smallest "
              "scale; from 0 to 1 no seat share moved beyond the between-seed spread")
    strict_floor: float = param(
        0.5, 0, 1, group="parties",
        doc="the ruler's stake against any opposition party, before its threat: stake = floor "
            "+ (1 - floor) x threat (what loyal registrars and commissions act on)",
        source="seed:10988-10999",
        inert="the threat term decides strictness for the parties that matter (defectors' parties "
              "with money); from 0 to 1 denials, liquidations and registered parties moved within "
              "the between-seed spread")
    danger_share: float = param(
        0.07, 0.01, 0.99, group="parties",
        doc="vote share the ruler reads as dangerous where no list tier sets a threshold",
        source=SILENT,
        inert="read only where no list tier sets a threshold (the single-member rule sets of 1994-95), "
              "where no satellite's worth moved beyond the between-seed spread")


class VoteChoiceParams(Section):
    """Turnout and vote choice (ODD §7.10): the thesis gives directions, not magnitudes. The
    'against all' intercept is ``parties.against_all_intercept``; the turnout baseline and
    reference apathy are the record's (``neopat.data.assumptions``)."""

    b_distance: float = param(
        1.0, 0, 10, group="vote choice",
        doc="utility weight of the left-right distance to a party, times its coherence "
            "(programmes matter little)", source="seed:14097-14103",
        inert=quiet("enp_votes:last"), when=IMPARTIAL)
    b_appeal: float = param(
        1.5, 0, 10, group="vote choice",
        doc="utility weight of the personal appeal of a party's leader, for voters who know "
            "the party", source="seed:14550-14574", output="events:presidential_election.incumbent_share")
    unaware_penalty: float = param(
        2.5, 0, 10, group="vote choice",
        doc="utility a party loses with a voter who does not know it", source="seed:14550-14574",
        output="enp_seats:max")
    b_alignment: float = param(
        1.5, 0, 10, group="vote choice",
        doc="utility weight of a party's stance toward the president times the voter's "
            "(2 approval - 1): pro-power or oppositionist", source="seed:14140-14147",
            output="pro_presidential_seat_share:mean", when=IMPARTIAL)
    admin_pressure: float = param(
        2.0, 0, 10, group="vote choice",
        doc="utility of clientelist pressure (ties x the party's access) per unit of "
            "selective.admin_resources (times the officials' leeway)", source="seed:15447-15453",
            inert=quiet("legitimacy:last"))
    aa_disapproval: float = param(
        3.0, 0, 10, group="vote choice",
        doc="utility 'against all' gains per unit of disapproval of the president",
        source="seed:14163-14176", output="events:presidential_election.incumbent_share")
    against_all: bool = param(
        True, group="electoral formula",
        doc="the ballot offers 'against all'", source="seed:14163-14176",
        output="events:legitimacy_feedback.delta")
    turnout_apathy: float = param(
        3.0, 0, 10, group="vote choice",
        doc="how much apathy above the reference lowers turnout (logit)",
        source="seed:14053-14059", output="turnout:last")
    turnout_mobilisation: float = param(
        1.0, 0, 10, group="vote choice",
        doc="how much clientelist ties raise turnout (logit, per unit of tie strength)",
        source="seed:14626-14640", output="turnout")


class CountParams(Section):
    """Falsification at the count where commissions are loyal (ODD §7.10); the capacity is
    ``selective.falsification`` times the commissions' loyalty."""

    max_shift: float = param(
        0.43, 0, 1, group="falsification",
        doc="share of the targeted votes a fully loyal commission moves to the favoured party "
            "(Ak Zhol: 21% on the evening count, 12% in the CEC's figure)",
        source="seed:10584-10603", output="events:legitimacy_feedback.delta")
    max_padding: float = param(
        0.10, 0, 1, group="falsification",
        doc="share of abstainers a fully loyal commission turns into ballots for the favoured "
            "party (ballot stuffing; the figure is ours)", source="seed:9955-9963", output="turnout")
    target_share: float = param(
        0.70, 0, 1, group="falsification",
        doc="share of the ballots commissions are instructed to deliver to the favoured party",
        source="seed:10489-10497", output="opposition_seat_share:max", when=FULL_FALSIFICATION)
    include_against_all: bool = param(
        True, group="falsification",
        doc="commissions take 'against all' votes as well as the opposition's", source=SILENT,
        output="events:legitimacy_feedback.delta",
        when=FULL_FALSIFICATION)


class SocietyParams(Section):
    """Yearly rates of the society step (ODD §7.10); the thesis gives the directions only."""

    approval_follow: float = param(
        0.5, 0, 1, group="society",
        doc="share of the way mean approval of the president moves toward his legitimacy "
            "each year", source="seed:14944-14950", output="approval_mean:min")
    media_shrink: float = param(
        0.5, 0, 1, group="society",
        doc="share of voters' own disposition that full media control homogenises away",
        source="seed:14922-14930", output="approval_sd")
    learn_rate: float = param(
        0.5, 0, 1, group="society",
        doc="a voter learns of a party with probability learn_rate x its coverage",
        source="seed:15377-15397", output="recognition")
    forget_rate: float = param(
        0.2, 0, 1, group="society",
        doc="a voter forgets a party with probability forget_rate x (1 - its coverage)",
        source="seed:15377-15397", output="recognition:last")
    tie_rate: float = param(
        0.3, 0, 1, group="society",
        doc="yearly probability that a voter's clientelist tie moves one step toward what "
            "the regional akim's pressure sets", source="seed:14626-14640", output="turnout:max")
    private_reach: float = param(
        0.2, 0, 1, group="society",
        doc="akims' pressure on private-sector voters, relative to state employees",
        source="seed:15447-15453", output="turnout")
    disconnection_base: float = param(
        0.8, 0, 1, group="society",
        doc="disconnection (the apathy voters drift toward) under a ruler with no legitimacy",
        source="seed:14053-14059", output="apathy_mean")
    disconnection_legitimacy: float = param(
        0.5, 0, 1, group="society",
        doc="disconnection taken away per unit of the ruler's legitimacy",
        source="seed:14053-14059", output="apathy_mean")
    rural_coverage: float = param(
        0.8, 0, 2, group="society",
        doc="a party's coverage in rural settlements, relative to its reach (outside the big "
            "cities people see only state media)", source="seed:15377-15397",
        output="recognition:last")
    urban_coverage: float = param(
        1.2, 0, 2, group="society",
        doc="a party's coverage in the cities, relative to its reach", source="seed:15377-15397",
        output="recognition")
    local_awareness: float = param(
        0.6, 0, 1, group="society",
        doc="share of a district's voters who know its local candidates without a party",
        source=SILENT, output="dominant_seat_share:first")
    apathy_rate: float = param(
        0.2, 0, 1, group="society",
        doc="share of the way apathy moves toward disconnection each year",
        source="seed:14053-14059", output="apathy_mean:last")


_TYPOLOGY = TypologyParams()
_BASE = _TYPOLOGY.coherence_base


class TypologySection(Section):
    """Cut-offs of the party typology (ODD §7.9, ``rules.typology``) the thesis does not
    quantify. Party types are recorded, never read back by the model."""

    charismatic_min_dependency: float = param(
        _TYPOLOGY.charismatic_min_dependency, 0, 1, group="typology",
        doc="leader dependency from which a party is its leader's vehicle",
        source="seed:12041-12050", output="types:rationale=charismatic_office_seeking")
    proto_min_admin_resources: float = param(
        _TYPOLOGY.proto_min_admin_resources, 0, 1, group="typology",
        doc="access to state resources from which a party may be proto-hegemonic",
        source="seed:13417-13419", inert=quiet("types:behaviour=proto_hegemonic"))
    proto_max_competitive_elections: int = param(
        _TYPOLOGY.proto_max_competitive_elections, 0, 20, group="typology",
        doc="truly competitive elections a proto-hegemonic party may have faced at most",
        source="seed:13390-13394",
        inert="proto-hegemony also needs administrative access of at least "
              "typology.proto_min_admin_resources, which the president's party has only under a partisan "
              "ruler, and there no election is truly competitive (the count stays 0)")
    attempted_min_commitments: int = param(
        _TYPOLOGY.attempted_min_commitments, 0, 20, group="typology",
        doc="distinct policy commitments an attempted ideology needs", source=SILENT,
        output="types:ideology=lacks_clarity",
        when=OPEN_EXIT)
    coherence_unambiguous: float = param(
        _BASE[IdeologyCategory.UNAMBIGUOUS], 0, 1, group="typology",
        doc="coherence of an unambiguous ideology before personalism and pragmatism",
        source="seed:12745-12751", inert=COHERENCE_ONLY)
    coherence_attempted: float = param(
        _BASE[IdeologyCategory.ATTEMPTED], 0, 1, group="typology",
        doc="coherence of an attempted ideology before personalism and pragmatism",
        source="seed:12745-12751", inert=COHERENCE_ONLY)
    coherence_lacks_clarity: float = param(
        _BASE[IdeologyCategory.LACKS_CLARITY], 0, 1, group="typology",
        doc="coherence of an ideology lacking clarity before personalism and pragmatism",
        source="seed:12745-12751", inert=COHERENCE_ONLY)
    personalism_weight: float = param(
        _TYPOLOGY.personalism_weight, 0, 1, group="typology",
        doc="share of its base coherence a fully leader-centred party loses", source=SILENT,
        inert=COHERENCE_ONLY)
    pragmatism_weight: float = param(
        _TYPOLOGY.pragmatism_weight, 0, 1, group="typology",
        doc="share of its base coherence a fully pragmatic party loses", source=SILENT, inert=COHERENCE_ONLY)

    def rules(self) -> TypologyParams:
        """These cut-offs as the typology rules take them."""
        return TypologyParams(
            charismatic_min_dependency=self.charismatic_min_dependency,
            proto_min_admin_resources=self.proto_min_admin_resources,
            proto_max_competitive_elections=self.proto_max_competitive_elections,
            attempted_min_commitments=self.attempted_min_commitments,
            coherence_base={IdeologyCategory.UNAMBIGUOUS: self.coherence_unambiguous,
                            IdeologyCategory.ATTEMPTED: self.coherence_attempted,
                            IdeologyCategory.LACKS_CLARITY: self.coherence_lacks_clarity},
            personalism_weight=self.personalism_weight,
            pragmatism_weight=self.pragmatism_weight)


class FormalParams(Section):
    """Formal-tier sensitivities applied on top of the rule set and party law in force."""

    threshold_shift: float = param(
        0.0, -0.07, 0.2, group="thresholds",
        doc="added to every list tier's legal threshold (0: as in the rule set)",
        source="seed:10049-10055", output="gallagher:last")
    registration_scale: float = param(
        1.0, 0, 5, group="registration minimums",
        doc="multiplies the party law's membership and founder minimums (1: as in the law)",
        source="seed:10882-10903", output="events:party_lapse")
    list_method: Literal["rule_set", "hare", "droop", "dhondt", "sainte-lague"] = param(
        "rule_set", group="electoral formula",
        doc="list seat formula (rule_set: as in the rule set in force)", source="seed:10049-10055",
        when={"formal.threshold_shift": -0.07},
        span=("dhondt", "hare"),
        inert="with few lists above the threshold at the check's scale, even at threshold 0, the seat "
              "formula (D'Hondt against Hare) moves no seat share beyond the between-seed spread")
    appointed_scale: float = param(
        1.0, 0, 3, group="tiers",
        doc="multiplies the seats of appointed and indirect tiers (1: as in the rule set)",
        source="seed:9844-9859", output="gallagher:first")


class Years(Section):
    start: int = Field(ge=1900, le=2100)
    end: int = Field(ge=1900, le=2100)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


POPULATION_FILES = ("factions.csv", "elites.csv", "elite_offices.csv")  # a CSV population


class Population(Section):
    """Where the starting factions and elites come from (``csv``: the files
    :data:`POPULATION_FILES` in ``csv_dir``)."""

    source: Literal["record", "csv", "synthetic"] = "synthetic"
    csv_dir: str = ""
    n_factions: int = Field(8, ge=1, le=100)
    n_elites: int = Field(60, ge=2, le=2000)
    kin_factions: int = Field(2, ge=0, le=100)
    appointments_from: int | None = Field(
        None, ge=1900, le=2100,
        description="the first year the ruler fills vacant posts from the modelled elite; "
        "before it the posts are held by people the population does not list, and only "
        "entry offices are taken (default: the first year)")


class Input(Section):
    """A dated scenario input (never an outcome). ``rule_set`` and ``party_law`` inputs take
    effect in the events step of their year; an election declares its ``office``."""

    kind: Literal["privatisation", "rule_set", "party_law", "election", "newcomers"]
    year: int = Field(ge=1900, le=2100)
    month: int = Field(1, ge=1, le=12)
    name: str = ""
    office: Literal["parliament", "president"] | None = Field(
        None, description="election: the office elected (required for an election)")
    share: float = Field(0.0, ge=0, le=1, description="privatisation: share of state assets sold")
    sector: str = ""
    count: int = Field(0, ge=0, le=1000, description="newcomers: elites entering")
    ends: list[str] = Field(default_factory=list,
                            description="election: office kinds whose term ends")
    source: str = ""

    @model_validator(mode="after")
    def _office_for_elections(self):
        if (self.kind == "election") != (self.office is not None):
            raise ValueError("an election needs office = 'parliament' or 'president'; "
                             "other inputs take none")
        return self


class Scenario(Section):
    name: str
    description: str = ""
    years: Years
    scale: float = param(
        0.001, 0, 1, group="numerical",
        doc="electorate sampling fraction (1 = every voter); at least the floor that gives "
            "every single-member district voters", source=SILENT,
        inert="a setting of the simulation, not of the regime: it changes the sampling noise of "
              "the count, not a mechanism (ensembles at two scales agree: "
              "tests/test_validation_scale.py)", span=(0.001, 0.002))
    ruler: RulerParams = RulerParams()
    population: Population = Population()
    rents: dict[str, float] = Field(default_factory=dict, description="year -> rents (units)")
    inputs: list[Input] = Field(default_factory=list)
    libraries: list[str] = Field(
        default_factory=list,
        description="packaged libraries of rule sets and party laws the inputs may name "
                    "(kazakhstan); load_scenario also reads TOML files named here")
    rule_set: list[RuleSet] = Field(default_factory=list,
                                    description="the scenario's own rule sets (any citation)")
    party_law: list[PartyLaw] = Field(default_factory=list,
                                      description="the scenario's own party laws (any citation)")
    economy: EconomyParams = EconomyParams()
    patronage: PatronageParams = PatronageParams()
    arbitration: ArbitrationParams = ArbitrationParams()
    loyalty: LoyaltyParams = LoyaltyParams()
    selective: SelectiveParams = SelectiveParams()
    clientelism: ClientelismParams = ClientelismParams()
    institutions: InstitutionsParams = InstitutionsParams()
    parties: PartyParams = PartyParams()
    vote: VoteChoiceParams = VoteChoiceParams()
    count: CountParams = CountParams()
    society: SocietyParams = SocietyParams()
    typology: TypologySection = TypologySection()
    formal: FormalParams = FormalParams()

    @field_validator("scale")
    @classmethod
    def _scale_floor(cls, value: float) -> float:
        floor, districts = scale_floor()
        if value < floor:
            raise ValueError(f"{value:g} is below {floor:g}, the smallest scale that gives every "
                             f"district voters (there the smallest of {districts} single-member "
                             f"districts expects {DISTRICT_VOTERS} sampled voters)")
        return value

    @model_validator(mode="after")
    def _check(self):
        for key, value in self.rents.items():
            if not key.isdigit():
                raise ValueError(f"rents: key {key!r} is not a year")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"rents: {key} is not a finite, non-negative number")
        return self

    @model_validator(mode="after")
    def _formal_calendar(self):
        """Own rule sets and laws cite a source; names resolve once; every parliamentary
        election has a rule set in force; a party law is in force from the first year."""
        for kind in ("rule_set", "party_law"):
            label = kind.replace("_", " ")
            for i, item in enumerate(getattr(self, kind)):
                if problem := provenance_problem(item, "citation"):
                    raise InputError(problem[1], where=f"{kind}.{i}.{problem[0]}")
            names = [item.name for item in getattr(self, kind)]
            names += [name for lib in self.libraries for name in getattr(library(lib), kind)]
            if twice := sorted({n for n in names if names.count(n) > 1}):
                raise InputError(f"{label} {twice[0]!r} is defined twice", where=kind)
            known = self.formal_items(kind)
            named = [(f"inputs.{n}", i.name) for n, i in enumerate(self.inputs) if i.kind == kind]
            initial = getattr(self.institutions, f"initial_{kind}")
            named += [(f"institutions.initial_{kind}", initial)] if initial else []
            for where, name in named:
                if name not in known:
                    raise InputError(f"unknown {label} {name!r}; known: "
                                     f"{', '.join(known) or 'none (define or import one)'}",
                                     where=where)
        endogenous = self.institutions.endogenous
        for n, inp in enumerate(self.inputs):
            if inp.office != "parliament":
                continue
            if not (self.initial("rule_set") if endogenous else self.in_force("rule_set", inp.year)):
                raise InputError(
                    f"election {inp.name!r} ({inp.year}-{inp.month:02d}) has no rule set in "
                    f"force: add a rule_set input dated {inp.year} or earlier", where=f"inputs.{n}")
        start = self.years.start
        if not (self.initial("party_law") if endogenous else self.in_force("party_law", start)):
            raise InputError(f"no party law is in force in {start}: add a party_law input dated "
                             f"{start} or earlier", where="inputs")
        return self

    def formal_items(self, kind: FormalKind) -> dict[str, RuleSet | PartyLaw]:
        """The rule sets (or party laws) a ``kind`` input may name: the imported libraries'
        and the scenario's own, by name."""
        items = {}
        for lib in self.libraries:
            items.update(getattr(library(lib), kind))
        items.update({item.name: item for item in getattr(self, kind)})
        return items

    def in_force(self, kind: FormalKind, year: int) -> str:
        """The name of the latest ``kind`` input dated in ``year`` or earlier ("" if none): the
        one in force that year, since such inputs take effect in the events step of their year."""
        dated = sorted((i for i in self.inputs if i.kind == kind and i.year <= year),
                       key=lambda i: (i.year, i.month))
        return dated[-1].name if dated else ""

    def initial(self, kind: FormalKind) -> str:
        """Endogenous mode: the rule set (or party law) in force at the start: the
        ``institutions.initial_*`` name, else the scenario's first ``kind`` input."""
        dated = sorted((i for i in self.inputs if i.kind == kind), key=lambda i: (i.year, i.month))
        return getattr(self.institutions, f"initial_{kind}") or (dated[0].name if dated else "")

    def rent(self, year: int) -> float:
        """Rents in ``year``: the series value, carried forward from the last given year."""
        known = sorted(int(k) for k in self.rents)
        if not known:
            return 10.0
        past = [y for y in known if y <= year] or known[:1]
        return self.rents[str(past[-1])]
