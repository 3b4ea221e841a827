"""Party type computed by explicit, ordered rules from a party's attributes (thesis ch. 5).

Four criteria, each a list of rules tried in order (first match wins), each rule citing the
seed lines it encodes: founding rationale (§1.5), Gunther & Diamond species (the thesis'
mapping of the rationales), ideology category (§2) and behavioural norm (§3). Rules read only
a :class:`PartyProfile` (no names, ids or years), so a simulation can classify its own party
agents every year. The label "party of power" is never produced: the thesis rejects it
(seed:11448-11461); the president's party is ``presidential_vehicle`` + ``proto_hegemonic``.
Cut-offs the thesis does not quantify are fields of :class:`TypologyParams`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from neopat.data.party_types import (
    NOT_CLASSIFIED,
    Behaviour,
    Count,
    Financier,
    GDSpecies,
    IdeologyCategory,
    LeaderGeneration,
    PartyTypeRow,
    Rationale,
    Stance,
    Unit,
)

__all__ = [
    "BEHAVIOUR_RULES",
    "DEFAULT_PARAMS",
    "GD_RULES",
    "IDEOLOGY_RULES",
    "RATIONALE_RULES",
    "PartyProfile",
    "PartyType",
    "Rule",
    "TypologyParams",
    "agreement",
    "behaviour",
    "classify",
    "gd_species",
    "ideology_category",
    "programmatic_coherence",
    "rationale",
]


class PartyProfile(BaseModel):
    """What the typology rules read about a party; each field cites the lines grounding it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    is_presidential_vehicle: bool = Field(
        description="The party the president uses as his platform in the legislature "
        "(seed:12552-12568, 12596-12611)."
    )
    financier: Financier = Field(
        description="Who funds it: a business group or the president's family marks an "
        "oligarchic front (seed:12428-12462); defectors fund their own (seed:12357-12363)."
    )
    administration_sanctioned: bool = Field(
        description="Set up by, or with the blessing of, the presidential administration "
        "(seed:12503-12509, 12481-12483)."
    )
    has_spoiler_target: bool = Field(
        description="Created to take votes from a named opposition party by a similar name or "
        "constituency (seed:12509-12533)."
    )
    leader_generation: LeaderGeneration = Field(
        description="Soviet-era notable versus post-Soviet new elite (seed:12190-12192, "
        "12349-12357)."
    )
    benefited_from_patronage: bool = Field(
        description="Leaders gained from 1990s privatisation or the president's patronage "
        "(seed:12353-12363)."
    )
    in_conflict_with_president_or_family: bool = Field(
        description="Leaders in conflict with the president or his relatives, risking assets "
        "and access (seed:12363-12377)."
    )
    leader_dependency: Unit = Field(
        description="How far the party's existence depends on its leader: 1 = would not "
        "survive his exit (seed:12041-12050, 12300-12313, 12613-12620)."
    )
    personalism: Unit = Field(
        description="Share of the party's appeal and programme carried by its leader "
        "(seed:13245-13271)."
    )
    pragmatism: Unit = Field(
        description="Readiness to drop programmatic positions for office (seed:13094-13125)."
    )
    stance_to_president: Stance = Field(
        description="-1 outright opposition ... +1 the president's own party "
        "(seed:12702-12708; glossary seed:53-319)."
    )
    has_doctrine: bool = Field(
        description="Programme derived from a named political philosophy, e.g. "
        "Marxism-Leninism (seed:12767-12785)."
    )
    declares_ideological_family: bool = Field(
        description="Declares membership of an ideological family such as social democracy "
        "or the free-market centre-right (seed:12842-12856)."
    )
    distinct_policy_commitments: Count = Field(
        description="Concrete commitments not shared by the generic valence programmes "
        "(seed:12878-12882, 12988-12989; Table 5.3 seed:13000-13029)."
    )
    joined_regime_bodies: bool = Field(
        description="Sits on presidential commissions or the Public Chamber "
        "(seed:13507-13517, 13570-13578)."
    )
    endorsed_official_results: bool = Field(
        description="Accepted official results of an unfair election (seed:13542-13560)."
    )
    contests_unfair_process: bool = Field(
        description="Contests the unfair electoral process, e.g. asks to annul results "
        "(seed:13598-13608, 13560-13570)."
    )
    admin_resource_access: Unit = Field(
        description="Access to state, administrative and media resources (seed:13417-13449)."
    )
    competitive_elections_faced: Count = Field(
        description="Elections contested under truly competitive conditions (seed:13388-13400)."
    )


@dataclass(frozen=True)
class TypologyParams:
    """Cut-offs the thesis does not quantify (each a documented default)."""

    charismatic_min_dependency: float = 0.7
    """R1: leader dependency from which a party is its leader's vehicle. The thesis gives no
    number, only 'would no longer exist' / 'would die out' (seed:12041-12050, 12300-12313)."""
    proto_min_admin_resources: float = 0.7
    """Proto-hegemony needs 'disproportionate access' to state resources (seed:13417-13419);
    the share is not quantified."""
    proto_max_competitive_elections: int = 0
    """'never had to participate in a truly competitive election' (seed:13390-13394)."""
    attempted_min_commitments: int = 1
    """An attempted ideology needs at least this many distinct commitments (thesis silent)."""
    coherence_base: Mapping[IdeologyCategory, float] = field(
        default_factory=lambda: {
            IdeologyCategory.UNAMBIGUOUS: 0.8,
            IdeologyCategory.ATTEMPTED: 0.6,
            IdeologyCategory.LACKS_CLARITY: 0.2,
        }
    )
    """Coherence before personalism and pragmatism discount it; the ordering follows §2
    (seed:12745-12751), the numbers are assumptions."""
    personalism_weight: float = 0.5
    """How much a fully leader-centred party loses of its base coherence (thesis silent)."""
    pragmatism_weight: float = 0.5
    """How much a fully pragmatic party loses of its base coherence (thesis silent)."""

    def __post_init__(self) -> None:
        unit = {
            "charismatic_min_dependency": self.charismatic_min_dependency,
            "proto_min_admin_resources": self.proto_min_admin_resources,
            "personalism_weight": self.personalism_weight,
            "pragmatism_weight": self.pragmatism_weight,
            **{f"coherence_base[{k}]": v for k, v in self.coherence_base.items()},
        }
        bad = [name for name, v in unit.items() if not 0.0 <= v <= 1.0]
        if set(self.coherence_base) != set(IdeologyCategory):
            bad.append("coherence_base (needs every ideology category)")
        if self.proto_max_competitive_elections < 0 or self.attempted_min_commitments < 0:
            bad.append("proto_max_competitive_elections/attempted_min_commitments (>= 0)")
        if bad:
            raise ValueError(f"typology parameters out of range: {', '.join(bad)}")


DEFAULT_PARAMS = TypologyParams()

L = TypeVar("L")
Condition = Callable[[PartyProfile, TypologyParams], bool]


@dataclass(frozen=True)
class Rule(Generic[L]):
    """``label`` applies when ``when`` holds; ``source``/``match`` ground it in the seed."""

    label: L
    when: Condition
    source: str
    match: str
    doc: str


def _first(rules: Iterable[Rule[L]], p: PartyProfile, params: TypologyParams) -> Rule[L] | None:
    return next((r for r in rules if r.when(p, params)), None)


RATIONALE_RULES: tuple[Rule[Rationale], ...] = (
    Rule(
        Rationale.PRESIDENTIAL_VEHICLE,
        lambda p, _: p.is_presidential_vehicle,
        "seed:12552-12568",
        "platform for re-election",
        "R5: the president's own vehicle in the legislature.",
    ),
    Rule(
        Rationale.OLIGARCHIC,
        lambda p, _: p.financier in (Financier.BUSINESS_GROUP, Financier.PRESIDENTIAL_FAMILY)
        and not p.in_conflict_with_president_or_family,
        "seed:12425-12462",
        "political front",
        "R3: a loyal business group's or the family's front; before R4 because Asar was "
        "also administration-backed (seed:12481-12483).",
    ),
    Rule(
        Rationale.SPOILER,
        lambda p, _: p.administration_sanctioned and p.has_spoiler_target,
        "seed:12503-12533",
        "take votes from Ak Zhol",
        "R4: administration-sanctioned, aimed at a named opposition party.",
    ),
    Rule(
        Rationale.LIBERAL_PROFESSIONAL,
        lambda p, _: p.leader_generation is LeaderGeneration.POST_SOVIET
        and p.benefited_from_patronage
        and p.in_conflict_with_president_or_family,
        "seed:12345-12377",
        "benefited both from both the privatisation",
        "R2: new elite who gained from privatisation or patronage, then fell out with the "
        "president or his family.",
    ),
    Rule(
        Rationale.CHARISMATIC_OFFICE_SEEKING,
        lambda p, k: p.leader_dependency >= k.charismatic_min_dependency,
        "seed:12173-12196",
        "charismatic public",
        "R1: a public figure's vehicle to keep or regain office; last, so a loyal or "
        "Soviet-era leader's party lands here (KPK 'to a certain extent', seed:12180-12182).",
    ),
)

_CE = (Rationale.LIBERAL_PROFESSIONAL, Rationale.OLIGARCHIC)
_PE = (Rationale.CHARISMATIC_OFFICE_SEEKING, Rationale.SPOILER, Rationale.PRESIDENTIAL_VEHICLE)


def _rationale_of(p: PartyProfile, k: TypologyParams) -> Rationale:
    rule = _first(RATIONALE_RULES, p, k)
    return rule.label if rule else Rationale.UNCLASSIFIED


GD_RULES: tuple[Rule[GDSpecies], ...] = (
    Rule(
        GDSpecies.CLIENTELISTIC_ELITE,
        lambda p, k: _rationale_of(p, k) in _CE,
        "seed:12641-12649",
        "protect or secure their economic and political",
        "Parties protecting elite economic and political interests (R2; R3 per fn.125, "
        "seed:13820).",
    ),
    Rule(
        GDSpecies.PERSONALISTIC_ELECTORALIST,
        lambda p, k: _rationale_of(p, k) in _PE,
        "seed:12641-12649",
        "spoiler parties and most",
        "Office-seekers' vehicles, spoilers and the president's party (R1, R4, R5; fn.127, "
        "seed:13823-13824).",
    ),
)

IDEOLOGY_RULES: tuple[Rule[IdeologyCategory], ...] = (
    Rule(
        IdeologyCategory.UNAMBIGUOUS,
        lambda p, _: p.has_doctrine,
        "seed:12767-12785",
        "distinct ideological foundation",
        "A programme derived from a named doctrine.",
    ),
    Rule(
        IdeologyCategory.ATTEMPTED,
        lambda p, k: p.declares_ideological_family
        and p.distinct_policy_commitments >= k.attempted_min_commitments,
        "seed:12842-12856",
        "attempting to demonstrate a clear link with",
        "A declared ideological family backed by distinct policy commitments.",
    ),
    Rule(
        IdeologyCategory.LACKS_CLARITY,
        lambda p, _: True,
        "seed:13259-13271",
        "lack ideological distinctiveness",
        "All other parties: generic valence values (Table 5.3, seed:13000-13029).",
    ),
)

BEHAVIOUR_RULES: tuple[Rule[Behaviour], ...] = (
    Rule(
        Behaviour.PROTO_HEGEMONIC,
        lambda p, k: p.is_presidential_vehicle
        and p.admin_resource_access >= k.proto_min_admin_resources
        and p.competitive_elections_faced <= k.proto_max_competitive_elections,
        "seed:13374-13400",
        "truly competitive election",
        "The president's party, carried by state resources, never tested competitively.",
    ),
    Rule(
        Behaviour.ACQUIESCENT,
        lambda p, _: p.stance_to_president >= 0
        and (p.joined_regime_bodies or p.endorsed_official_results),
        "seed:13489-13517",
        "complicit in legitimising",
        "Non-opposition parties that join regime bodies or endorse results; before "
        "PLURALIST, so KNPK (countersigned the protest, joined the Public Chamber) stays here "
        "(seed:13560-13578).",
    ),
    Rule(
        Behaviour.PLURALIST,
        lambda p, _: p.stance_to_president < 0 and p.contests_unfair_process,
        "seed:13598-13608",
        "consistently contesting the unfair electoral",
        "Opposition parties that contest the unfair process yet play by its rules.",
    ),
)


def rationale(p: PartyProfile, params: TypologyParams = DEFAULT_PARAMS) -> Rationale:
    """Founding rationale R1-R5 (seed:12110-12162), or ``unclassified``."""
    return _rationale_of(p, params)


def gd_species(p: PartyProfile, params: TypologyParams = DEFAULT_PARAMS) -> GDSpecies:
    """Gunther & Diamond species from the rationale (seed:12641-12649, fns. 125/127)."""
    rule = _first(GD_RULES, p, params)
    return rule.label if rule else GDSpecies.UNCLASSIFIED


def ideology_category(
    p: PartyProfile, params: TypologyParams = DEFAULT_PARAMS
) -> IdeologyCategory:
    """Unambiguous, attempted or lacking clarity (seed:12745-12751)."""
    rule = _first(IDEOLOGY_RULES, p, params)
    assert rule is not None  # the last rule always applies
    return rule.label


def programmatic_coherence(p: PartyProfile, params: TypologyParams = DEFAULT_PARAMS) -> float:
    """What ideology counts for in [0, 1]: the category's base discounted by personalism and
    pragmatism, which override every category (seed:13245-13271, 12822-12840)."""
    base = params.coherence_base[ideology_category(p, params)]
    kept_by_person = 1.0 - params.personalism_weight * p.personalism
    kept_by_pragmatism = 1.0 - params.pragmatism_weight * p.pragmatism
    return base * kept_by_person * kept_by_pragmatism


def behaviour(p: PartyProfile, params: TypologyParams = DEFAULT_PARAMS) -> Behaviour:
    """Proto-hegemonic, acquiescent or pluralist (seed:13311-13372), or ``unclassified``."""
    rule = _first(BEHAVIOUR_RULES, p, params)
    return rule.label if rule else Behaviour.UNCLASSIFIED


@dataclass(frozen=True)
class PartyType:
    """A party's four labels, its programmatic coherence and the sources of the rules fired."""

    rationale: Rationale
    gd_species: GDSpecies
    ideology_category: IdeologyCategory
    programmatic_coherence: float
    behaviour: Behaviour
    sources: tuple[str, ...]

    def label(self, criterion: str) -> str:
        """The label for a criterion name of ``neopat.data.party_types.CRITERIA``."""
        return str(getattr(self, criterion))


def classify(p: PartyProfile, params: TypologyParams = DEFAULT_PARAMS) -> PartyType:
    """All four labels plus coherence; ``sources`` lists the seed ranges of the rules that fired."""
    fired = [
        _first(rules, p, params)
        for rules in (RATIONALE_RULES, GD_RULES, IDEOLOGY_RULES, BEHAVIOUR_RULES)
    ]
    return PartyType(
        rationale=rationale(p, params),
        gd_species=gd_species(p, params),
        ideology_category=ideology_category(p, params),
        programmatic_coherence=programmatic_coherence(p, params),
        behaviour=behaviour(p, params),
        sources=tuple(r.source for r in fired if r is not None),
    )


def agreement(
    computed: Mapping[str, PartyType], expected: Mapping[tuple[str, str], PartyTypeRow]
) -> dict[str, tuple[int, int]]:
    """(agreeing, classified) cells per criterion and ``"overall"``, over the cells the thesis
    classifies (evidence E or I) for parties in ``computed``."""
    counts: dict[str, tuple[int, int]] = {}
    for (party_id, criterion), row in expected.items():
        if row.label == NOT_CLASSIFIED or party_id not in computed:
            continue
        hit = computed[party_id].label(criterion) == row.label
        for key in (criterion, "overall"):
            agree, total = counts.get(key, (0, 0))
            counts[key] = (agree + hit, total + 1)
    return counts
