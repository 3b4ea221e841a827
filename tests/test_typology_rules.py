"""Unit tests of the typology rules, one behaviour per rule and per ordering decision."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from neopat.data.party_types import (
    ATTRIBUTE_TYPES,
    CRITERIA,
    Behaviour,
    Financier,
    GDSpecies,
    IdeologyCategory,
    LeaderGeneration,
    Rationale,
)
from neopat.rules.typology import (
    BEHAVIOUR_RULES,
    GD_RULES,
    IDEOLOGY_RULES,
    RATIONALE_RULES,
    PartyProfile,
    TypologyParams,
    behaviour,
    classify,
    gd_species,
    ideology_category,
    programmatic_coherence,
    rationale,
)

BLANK = dict(
    is_presidential_vehicle=False,
    financier=Financier.NONE,
    administration_sanctioned=False,
    has_spoiler_target=False,
    leader_generation=LeaderGeneration.SOVIET_ERA,
    benefited_from_patronage=False,
    in_conflict_with_president_or_family=False,
    leader_dependency=0.0,
    personalism=0.0,
    pragmatism=0.0,
    stance_to_president=0.0,
    has_doctrine=False,
    declares_ideological_family=False,
    distinct_policy_commitments=0,
    joined_regime_bodies=False,
    endorsed_official_results=False,
    contests_unfair_process=False,
    admin_resource_access=0.0,
    competitive_elections_faced=0,
)
NEW_ELITE_DEFECTOR = dict(
    leader_generation=LeaderGeneration.POST_SOVIET,
    benefited_from_patronage=True,
    in_conflict_with_president_or_family=True,
)


def profile(**changes) -> PartyProfile:
    return PartyProfile(**{**BLANK, **changes})


def test_profile_fields_are_the_record_attributes_and_carry_no_identity():
    assert set(PartyProfile.model_fields) == set(ATTRIBUTE_TYPES)
    forbidden = ("name", "id", "year", "founded", "leader_name")
    assert not [f for f in PartyProfile.model_fields if any(w == f or f.startswith(w + "_")
                                                            for w in forbidden)]
    assert all(field.description and "seed:" in field.description
               for field in PartyProfile.model_fields.values())


def test_profile_rejects_out_of_range_and_unknown_fields():
    with pytest.raises(ValidationError):
        profile(stance_to_president=1.5)
    with pytest.raises(ValidationError):
        profile(leader_dependency=-0.1)
    with pytest.raises(ValidationError):
        PartyProfile(**BLANK, name="Nur Otan")


def test_blank_profile_is_unclassified_where_the_thesis_has_a_residual():
    t = classify(profile())
    assert t.rationale is Rationale.UNCLASSIFIED
    assert t.gd_species is GDSpecies.UNCLASSIFIED
    assert t.ideology_category is IdeologyCategory.LACKS_CLARITY
    assert t.behaviour is Behaviour.UNCLASSIFIED


# --- rule set A: rationale -------------------------------------------------------------

def test_r5_presidential_vehicle_beats_every_other_rationale():
    p = profile(is_presidential_vehicle=True, financier=Financier.STATE,
                administration_sanctioned=True, has_spoiler_target=True,
                leader_dependency=1.0, **NEW_ELITE_DEFECTOR)
    assert rationale(p) is Rationale.PRESIDENTIAL_VEHICLE


@pytest.mark.parametrize("financier", [Financier.BUSINESS_GROUP, Financier.PRESIDENTIAL_FAMILY])
def test_r3_oligarchic_front(financier):
    assert rationale(profile(financier=financier)) is Rationale.OLIGARCHIC


def test_r3_before_r4_an_administration_backed_oligarch_front_with_a_target_is_r3():
    p = profile(financier=Financier.BUSINESS_GROUP, administration_sanctioned=True,
                has_spoiler_target=True)
    assert rationale(p) is Rationale.OLIGARCHIC
    assert rationale(p.model_copy(update={"financier": Financier.NONE})) is Rationale.SPOILER


def test_r3_needs_loyalty_a_financed_defector_is_r2():
    p = profile(financier=Financier.BUSINESS_GROUP, **NEW_ELITE_DEFECTOR)
    assert rationale(p) is Rationale.LIBERAL_PROFESSIONAL


def test_r4_spoiler_needs_both_sanction_and_target():
    assert rationale(profile(administration_sanctioned=True, has_spoiler_target=True)) \
        is Rationale.SPOILER
    assert rationale(profile(administration_sanctioned=True)) is Rationale.UNCLASSIFIED
    assert rationale(profile(has_spoiler_target=True)) is Rationale.UNCLASSIFIED


@pytest.mark.parametrize("missing", sorted(NEW_ELITE_DEFECTOR))
def test_r2_needs_new_elite_gain_and_conflict(missing):
    partial = {**NEW_ELITE_DEFECTOR, missing: BLANK[missing]}
    assert rationale(profile(**NEW_ELITE_DEFECTOR)) is Rationale.LIBERAL_PROFESSIONAL
    assert rationale(profile(**partial)) is Rationale.UNCLASSIFIED


def test_r2_before_r1_a_leader_centred_defectors_party_is_r2():
    p = profile(leader_dependency=1.0, **NEW_ELITE_DEFECTOR)
    assert rationale(p) is Rationale.LIBERAL_PROFESSIONAL


def test_r1_soviet_era_opponent_in_conflict_falls_to_r1_not_r2():
    p = profile(leader_dependency=1.0, in_conflict_with_president_or_family=True,
                benefited_from_patronage=True)
    assert rationale(p) is Rationale.CHARISMATIC_OFFICE_SEEKING


def test_r1_cutoff_is_a_parameter():
    p = profile(leader_dependency=0.65)
    assert rationale(p) is Rationale.UNCLASSIFIED
    loose = TypologyParams(charismatic_min_dependency=0.6)
    assert rationale(p, loose) is Rationale.CHARISMATIC_OFFICE_SEEKING


# --- rule set B: Gunther & Diamond species ---------------------------------------------

@pytest.mark.parametrize(
    ("changes", "species"),
    [
        (dict(financier=Financier.PRESIDENTIAL_FAMILY), GDSpecies.CLIENTELISTIC_ELITE),
        (NEW_ELITE_DEFECTOR, GDSpecies.CLIENTELISTIC_ELITE),
        (dict(leader_dependency=0.9), GDSpecies.PERSONALISTIC_ELECTORALIST),
        (dict(administration_sanctioned=True, has_spoiler_target=True),
         GDSpecies.PERSONALISTIC_ELECTORALIST),
        (dict(is_presidential_vehicle=True), GDSpecies.PERSONALISTIC_ELECTORALIST),
        ({}, GDSpecies.UNCLASSIFIED),
    ],
)
def test_gd_species_follows_the_thesis_mapping_of_rationales(changes, species):
    assert gd_species(profile(**changes)) is species


# --- rule set C: ideology and coherence ------------------------------------------------

def test_doctrine_is_unambiguous_even_with_a_family_and_commitments():
    p = profile(has_doctrine=True, declares_ideological_family=True,
                distinct_policy_commitments=3)
    assert ideology_category(p) is IdeologyCategory.UNAMBIGUOUS


def test_attempted_needs_family_and_enough_commitments():
    assert ideology_category(profile(declares_ideological_family=True,
                                     distinct_policy_commitments=1)) \
        is IdeologyCategory.ATTEMPTED
    assert ideology_category(profile(declares_ideological_family=True)) \
        is IdeologyCategory.LACKS_CLARITY
    assert ideology_category(profile(distinct_policy_commitments=5)) \
        is IdeologyCategory.LACKS_CLARITY
    strict = TypologyParams(attempted_min_commitments=2)
    p = profile(declares_ideological_family=True, distinct_policy_commitments=1)
    assert ideology_category(p, strict) is IdeologyCategory.LACKS_CLARITY


def test_coherence_falls_with_personalism_and_pragmatism_and_orders_categories():
    doctrinal = profile(has_doctrine=True)
    assert programmatic_coherence(doctrinal) == pytest.approx(0.8)
    leader_centred = doctrinal.model_copy(update={"personalism": 1.0})
    pragmatic = doctrinal.model_copy(update={"pragmatism": 1.0})
    assert programmatic_coherence(leader_centred) < programmatic_coherence(doctrinal)
    assert programmatic_coherence(pragmatic) < programmatic_coherence(doctrinal)
    attempted = profile(declares_ideological_family=True, distinct_policy_commitments=1)
    assert programmatic_coherence(doctrinal) > programmatic_coherence(attempted) \
        > programmatic_coherence(profile())
    floor = leader_centred.model_copy(update={"pragmatism": 1.0})
    assert programmatic_coherence(floor) >= 0.0


# --- rule set D: behaviour ------------------------------------------------------------

def test_proto_hegemonic_needs_vehicle_resources_and_no_competitive_test():
    p = profile(is_presidential_vehicle=True, admin_resource_access=0.9,
                stance_to_president=1.0, endorsed_official_results=True)
    assert behaviour(p) is Behaviour.PROTO_HEGEMONIC
    tested = p.model_copy(update={"competitive_elections_faced": 1})
    assert behaviour(tested) is Behaviour.ACQUIESCENT
    poor = p.model_copy(update={"admin_resource_access": 0.3})
    assert behaviour(poor) is Behaviour.ACQUIESCENT
    assert behaviour(poor, TypologyParams(proto_min_admin_resources=0.2)) \
        is Behaviour.PROTO_HEGEMONIC


def test_resource_rich_loyal_party_that_is_not_the_vehicle_is_not_proto_hegemonic():
    p = profile(admin_resource_access=1.0, stance_to_president=0.9,
                endorsed_official_results=True)
    assert behaviour(p) is Behaviour.ACQUIESCENT


def test_acquiescent_before_pluralist_a_protesting_co_opted_party_stays_acquiescent():
    p = profile(stance_to_president=0.2, joined_regime_bodies=True,
                contests_unfair_process=True)
    assert behaviour(p) is Behaviour.ACQUIESCENT


def test_pluralist_needs_opposition_stance_and_contesting():
    assert behaviour(profile(stance_to_president=-0.3, contests_unfair_process=True)) \
        is Behaviour.PLURALIST
    assert behaviour(profile(stance_to_president=-0.3)) is Behaviour.UNCLASSIFIED
    assert behaviour(profile(stance_to_president=0.0, contests_unfair_process=True)) \
        is Behaviour.UNCLASSIFIED


def test_loyal_party_without_co_optation_is_unclassified():
    assert behaviour(profile(stance_to_president=0.8)) is Behaviour.UNCLASSIFIED


# --- vocabulary and provenance of the rules -------------------------------------------

def test_output_vocabulary_never_says_party_of_power():
    words = [v for enum in CRITERIA.values() for v in (*enum.__members__, *map(str, enum))]
    assert words
    for word in words:
        flat = word.lower().replace("_", " ").replace("-", " ")
        assert "party of power" not in flat
        assert "cartel" not in flat


def test_classify_reports_the_sources_of_fired_rules():
    t = classify(profile(is_presidential_vehicle=True, admin_resource_access=1.0))
    assert t.sources == (RATIONALE_RULES[0].source, GD_RULES[1].source,
                         IDEOLOGY_RULES[-1].source, BEHAVIOUR_RULES[0].source)


def test_every_rule_cites_seed_lines_containing_its_match(seed_lines):
    from neopat.data.provenance import source_problem

    for rules in (RATIONALE_RULES, GD_RULES, IDEOLOGY_RULES, BEHAVIOUR_RULES):
        for rule in rules:
            assert source_problem(rule.source, rule.match, seed_lines) is None, rule.label


@pytest.mark.parametrize(
    "bad",
    [
        dict(charismatic_min_dependency=1.2),
        dict(personalism_weight=-0.1),
        dict(proto_max_competitive_elections=-1),
        dict(coherence_base={IdeologyCategory.UNAMBIGUOUS: 0.8}),
    ],
)
def test_parameters_out_of_range_are_rejected(bad):
    with pytest.raises(ValueError, match="out of range"):
        TypologyParams(**bad)
