"""Distributions over the runs of a results store: median and 5-95% / 25-75% bands."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from neopat.experiments.results import Results
from neopat.views import categories
from neopat.views.figures import REGIME, SOCIETY, colour_map, seat_share_layout, simulated_seat_shares
from neopat.views.runs import RunView, from_store

PARTY_SYSTEM = ("pro_presidential_seat_share", "dominant_vote_share", "enp_seats",
                "registered_parties")


def bands(values: pd.DataFrame, by: str | list[str], column: str) -> pd.DataFrame:
    """Per group of ``by``: runs, median, p5, p25, p75, p95 of ``column``."""
    g = values.groupby(by)[column]
    out = pd.DataFrame({"runs": g.count(), "median": g.median(), "p5": g.quantile(0.05),
                        "p25": g.quantile(0.25), "p75": g.quantile(0.75),
                        "p95": g.quantile(0.95)})
    return out.reset_index()


def _band_traces(fig: go.Figure, x, b: pd.DataFrame, name: str, colour: str,
                 legendgroup: str) -> None:
    rgba = _rgba(colour)
    for lo, hi, alpha in (("p5", "p95", 0.15), ("p25", "p75", 0.3)):
        fig.add_trace(go.Scatter(x=list(x) + list(x)[::-1],
                                 y=list(b[hi]) + list(b[lo])[::-1], fill="toself",
                                 fillcolor=rgba.format(alpha), line={"width": 0},
                                 hoverinfo="skip", showlegend=False, legendgroup=legendgroup))
    fig.add_trace(go.Scatter(x=x, y=b["median"], mode="lines+markers", name=name,
                             legendgroup=legendgroup, line={"color": colour}))


def _rgba(colour: str) -> str:
    if colour.startswith("#") and len(colour) == 7:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return f"rgba({r},{g},{b},{{}})"
    if colour.startswith("rgb("):
        return colour.replace("rgb(", "rgba(").replace(")", ",{})")
    return "rgba(100,100,100,{})"


def indicator_bands(results: Results, names, title: str) -> go.Figure:
    """Median line and bands of yearly indicators across the store's runs."""
    wide = results.indicators()
    fig = go.Figure()
    present = [n for n in names if n in wide.columns]
    colours = colour_map(present)
    for name in present:
        b = bands(wide[["year", name]].dropna(), "year", name)
        if not b.empty:
            _band_traces(fig, b.year, b, name, colours[name], name)
    runs = wide.run_id.nunique() if not wide.empty else 0
    fig.update_layout(title=f"{title}: median, 25-75% and 5-95% bands over {runs} runs"
                      if present else f"{title} — not in this store", xaxis_title="year")
    return fig


def views(results: Results) -> list[RunView]:
    return [from_store(results, int(r)) for r in results.runs().run_id]


def seat_bands(run_views: list[RunView]) -> go.Figure:
    """Seat share by category per election year across runs, with the record overlaid."""
    rows = []
    for i, v in enumerate(run_views):
        rows += [{**r, "run": i} for r in simulated_seat_shares(v)]
    hist = categories.seat_shares()
    sim = pd.DataFrame(rows, columns=["year", "election", "category", "seats", "share", "run"])
    colours = colour_map(list(sim.category) + list(hist.category))
    fig = go.Figure()
    if not sim.empty:
        # a run without seats for a category held 0 in that election
        full = sim.pivot_table(index=["run", "year"], columns="category", values="share",
                               aggfunc="sum", fill_value=0.0).stack().rename("share")
        full = full.reset_index()  # runs without an election in a year have no row for it
        for cat, g in full.groupby("category"):
            _band_traces(fig, bands(g, "year", "share").year, bands(g, "year", "share"),
                         f"simulated: {cat}", colours[cat], cat)
    for cat, g in hist.groupby("category"):
        fig.add_trace(go.Scatter(x=g.year, y=g.share, mode="markers", name=f"record: {cat}",
                                 legendgroup=cat, marker={"symbol": "diamond-open", "size": 10,
                                                          "color": colours[cat]}))
    title = (f"Seats per party category over {len(run_views)} runs (median and bands) against "
             "the record")
    if sim.empty:
        title += " — no simulated elections in the store"
    return seat_share_layout(fig, title)


def ensemble_figures(results: Results, run_views: list[RunView]) -> dict[str, go.Figure]:
    return {"ens_seats": seat_bands(run_views),
            "ens_party_system": indicator_bands(results, PARTY_SYSTEM, "Party system"),
            "ens_regime": indicator_bands(results, REGIME, "Regime"),
            "ens_society": indicator_bands(results, SOCIETY, "Society")}
