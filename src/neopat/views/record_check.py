"""The validation table: the store's runs against targets computed from the historical record.

Used when the model package offers no ``neopat.validation`` of its own. Targets come from the
record files (``election_results.csv``), never from constants: the pro-presidential share of all
seats per parliamentary election (self-nominated winners by declared affiliation) and the
dominant party's 2007 vote share. A target passes when it lies inside the runs' 5-95% range.
"""

from __future__ import annotations

import math

import pandas as pd

from neopat.data.elections import load_election_results
from neopat.experiments.results import Results
from neopat.views import history

COLUMNS = ["target", "year", "record", "source", "runs", "median", "p5", "p95", "verdict"]


def targets() -> list[dict]:
    """(indicator, year, record value, source) rows from the record."""
    rows = [{"indicator": "pro_presidential_seat_share", "year": int(r.year),
             "target": f"pro-presidential seat share, {r.election}", "record": float(r.share),
             "source": r.source} for r in history.pro_presidential_share().itertuples()]
    for r in load_election_results():
        if r.election == "2007-parliamentary" and r.party == "nur_otan" and r.vote_share:
            rows.append({"indicator": "dominant_vote_share", "year": 2007,
                         "target": "dominant party's vote share, 2007",
                         "record": r.vote_share / 100, "source": r.source})
    return rows


def validation_table(results: Results) -> pd.DataFrame:
    wide = results.indicators()
    out = []
    for t in targets():
        values = (wide.loc[wide.year == t["year"], t["indicator"]].dropna()
                  if t["indicator"] in wide.columns else pd.Series(dtype=float))
        row = {"target": t["target"], "year": t["year"], "record": t["record"],
               "source": t["source"], "runs": len(values)}
        if values.empty:
            row.update(median=math.nan, p5=math.nan, p95=math.nan, verdict="not simulated")
        else:
            p5, p95 = values.quantile(0.05), values.quantile(0.95)
            row.update(median=values.median(), p5=p5, p95=p95,
                       verdict="within 5-95%" if p5 <= t["record"] <= p95 else "outside")
        out.append(row)
    return pd.DataFrame(out, columns=COLUMNS)
