"""The formal tier: electoral systems and seat allocation, party-law checks, party-system indices.

Pure and deterministic. Entry point: :func:`allocate` (a rule set's chamber or one tier).
Ensembles use :func:`allocate_list_batch` / :func:`apportion_batch` on ``(n_elections, n_lists)``
arrays and :func:`elect_batch` on ``(..., n_candidates)`` district arrays. Registration uses
:func:`verdict`; indices live in :mod:`neopat.rules.indices`.
"""

from neopat.data.rule_sets import Method
from neopat.rules.allocate import Allocation, TierResult, allocate
from neopat.rules.appointed import appoint
from neopat.rules.batch import apportion_batch
from neopat.rules.list_pr import ListBatchResult, ListResult, allocate_list, allocate_list_batch
from neopat.rules.methods import apportion
from neopat.rules.party_law import Application, Leniency, Requirement, Verdict, check, verdict
from neopat.rules.smd import (
    SELF_NOMINATED,
    STATUSES,
    Candidate,
    DistrictResult,
    DistrictVotes,
    SmdBatchResult,
    SmdResult,
    allocate_smd,
    elect_batch,
    elect_district,
)

__all__ = [
    "SELF_NOMINATED",
    "STATUSES",
    "Allocation",
    "Application",
    "Candidate",
    "DistrictResult",
    "DistrictVotes",
    "Leniency",
    "ListBatchResult",
    "ListResult",
    "Method",
    "Requirement",
    "SmdBatchResult",
    "SmdResult",
    "TierResult",
    "Verdict",
    "allocate",
    "allocate_list",
    "allocate_list_batch",
    "allocate_smd",
    "appoint",
    "apportion",
    "apportion_batch",
    "check",
    "elect_batch",
    "elect_district",
    "verdict",
]
