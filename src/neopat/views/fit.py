"""Figures of the fit to history: ``neopat validate-history --plot`` (every stylised fact against
its band, with the ablated arms beside the baseline, and the defections a run by year against the
record's), ``neopat institutions --plot`` (when the ruler first makes each change and when his
episodes of change begin, against the record's) and ``neopat propositions --plot`` (each
proposition's effect in the direction the thesis predicts)."""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import cycle
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from neopat.files import write_text

FACT_LEVELS = ("elites", "parties", "votes")
SHOWN = (-1.0, 2.0)  # band units drawn: a value further out sits on the edge, labelled
INSIDE, OUTSIDE = "#1a9850", "#d73027"
ARMS = ("#4575b4", "#984ea3", "#ff7f00", "#666666")


def band_position(value: float | None, band: Sequence[float]) -> float | None:
    """Where ``value`` lies in its band: 0 at the lower edge, 1 at the upper (a band of one
    value: 0.5 on it, else one band unit beyond it on its side)."""
    if value is None or not math.isfinite(value):
        return None
    lo, hi = band
    if hi > lo:
        return (value - lo) / (hi - lo)
    return 0.5 if value == lo else (-1.0 if value < lo else 2.0)


def _shown(position: float | None) -> float:
    return SHOWN[0] if position is None else min(max(position, SHOWN[0]), SHOWN[1])


def _label(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "none"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _name(row: dict) -> str:
    return f"{row['fact']} {row['name'][:48]}"


def _order(row: dict) -> tuple:
    """Elites, parties, votes; within a level by number (P2 before P10)."""
    level = FACT_LEVELS.index(row["level"]) if row["level"] in FACT_LEVELS else len(FACT_LEVELS)
    head, number = re.fullmatch(r"(\D*)(\d*)", row["fact"]).groups()
    return level, head, int(number or 0)


def facts_figure(rows: Sequence[dict], compared: Sequence[dict] = ()) -> go.Figure:
    """One line per fact (elites on top): its band as a grey bar from 0 to 1, the simulated
    statistic as a dot (green inside, red outside; a circle in-sample, a diamond held out),
    and each ablation's statistic as an open marker; values beyond the drawn range sit on its
    edge with their number beside them."""
    order = sorted(rows, key=_order)
    labels = [_name(r) for r in order]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=[1.0] * len(order), base=0.0, orientation="h",
                         marker_color="#dddddd", name="band", hoverinfo="skip"))
    for sample, symbol in (("in", "circle"), ("held_out", "diamond")):
        mine = [r for r in order if r["sample"] == sample]
        positions = [band_position(r["simulated"], r["band"]) for r in mine]
        fig.add_trace(go.Scatter(
            y=[_name(r) for r in mine], x=[_shown(p) for p in positions],
            mode="markers+text", name="in-sample" if sample == "in" else "held out",
            marker={"symbol": symbol, "size": 11,
                    "color": [INSIDE if r["inside"] else OUTSIDE for r in mine]},
            text=[_label(r["simulated"]) if p is None or not SHOWN[0] < p < SHOWN[1] else ""
                  for r, p in zip(mine, positions, strict=True)],
            textposition="middle right",
            customdata=[[r["record"], _label(r["simulated"]), _label(r["band"][0]),
                         _label(r["band"][1]), r["source"]] for r in mine],
            hovertemplate="%{y}<br>model %{customdata[1]} (band %{customdata[2]} to "
                          "%{customdata[3]})<br>record: %{customdata[0]}<br>"
                          "%{customdata[4]}<extra></extra>"))
    band = {r["fact"]: r["band"] for r in rows}
    name = {r["fact"]: _name(r) for r in rows}
    for colour, arm in zip(cycle(ARMS), dict.fromkeys(c["ablation"] for c in compared)):
        mine = [c for c in compared if c["ablation"] == arm and c["fact"] in band]
        fig.add_trace(go.Scatter(
            y=[name[c["fact"]] for c in mine],
            x=[_shown(band_position(c["ablated"], band[c["fact"]])) for c in mine],
            mode="markers", name=f"without {arm}",
            marker={"symbol": ["x" if c["lost"] else "circle-open" for c in mine], "size": 9,
                    "color": colour},
            customdata=[[_label(c["ablated"]), "lost" if c["lost"] else ""] for c in mine],
            hovertemplate=f"%{{y}}<br>without {html.escape(arm)}: %{{customdata[0]}} "
                          "%{customdata[1]}<extra></extra>"))
    fig.update_layout(
        title="Stylised facts against their bands (0 and 1: the band's edges; an x: a fact "
              "the ablation loses)",
        barmode="overlay", height=120 + 22 * len(order), template="plotly_white",
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels},
        xaxis={"range": [SHOWN[0] - 0.1, SHOWN[1] + 0.6], "zeroline": False,
               "title": "position in the band"},
        legend={"orientation": "h", "y": -0.08 if order else 0})
    return fig


def record_defections() -> dict[int, int]:
    """The record's defectors by year (``elites.csv``, ``defected_year``)."""
    from neopat.data.elites import load_elites

    return dict(Counter(int(e.defected_year) for e in load_elites()
                        if e.defected_year is not None))


def defections_figure(profile: Sequence[dict], record: dict[int, int] | None = None) -> go.Figure:
    """Defections a run by year (bars) and the share of runs with a wave (line, right axis),
    with the record's defectors by year as markers."""
    years = [p["year"] for p in profile]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=[p["defections"] for p in profile],
                         name="defections a run", marker_color="#4575b4"))
    fig.add_trace(go.Scatter(x=years, y=[p["waves"] for p in profile], yaxis="y2",
                             mode="lines+markers", name="share of runs with a wave",
                             line={"color": "#ff7f00"}))
    if record:
        shown = [y for y in years if y in record]
        fig.add_trace(go.Scatter(x=shown, y=[record[y] for y in shown], mode="markers",
                                 name="record: defectors", marker={"symbol": "star",
                                                                   "size": 13,
                                                                   "color": "#222222"}))
    fig.update_layout(title="Defections by year", template="plotly_white",
                      yaxis={"title": "defections (a run; record: persons)"},
                      yaxis2={"title": "share of runs with a wave", "overlaying": "y",
                              "side": "right", "range": [0, 1], "tickformat": ".0%",
                              "tickvals": [0, 0.25, 0.5, 0.75, 1], "showgrid": False},
                      legend={"orientation": "h", "y": -0.15})
    return fig


def changes_figure(rows: Sequence[dict]) -> go.Figure:
    """One line per change on the ruler's menu: the share of runs first making it in each year
    (a circle, larger for more runs) and the record's years (stars)."""
    fig = go.Figure()
    names = [r["option"] for r in rows]
    first = [(r["option"], y, n / max(r["runs"], 1)) for r in rows
             for y, n in sorted(Counter(r["first_years"]).items())]
    fig.add_trace(go.Scatter(
        x=[y for _, y, _ in first], y=[o for o, _, _ in first], mode="markers",
        name="model: first year (share of runs)",
        marker={"size": [6 + 30 * s for _, _, s in first], "color": "#4575b4", "opacity": 0.7},
        customdata=[f"{s:.0%}" for _, _, s in first],
        hovertemplate="%{y} first in %{x}: %{customdata} of runs<extra></extra>"))
    record = [(r["option"], y) for r in rows for y in r["historical"]]
    fig.add_trace(go.Scatter(x=[y for _, y in record], y=[o for o, _ in record], mode="markers",
                             name="record", marker={"symbol": "star", "size": 13,
                                                    "color": "#222222"}))
    fig.update_layout(title="Rule changes: when the ruler first makes each, against the record",
                      template="plotly_white", height=160 + 28 * len(names),
                      yaxis={"categoryorder": "array", "categoryarray": names[::-1]},
                      xaxis={"title": "year"}, legend={"orientation": "h", "y": -0.12})
    return fig


def episodes_figure(episodes: dict, split: int = 2000) -> go.Figure:
    """The share of runs with an episode of change beginning in each year (bars) beside the
    record's episodes (shaded), with the in-sample/held-out boundary."""
    runs = max(len(episodes["episode_years"]), 1)
    counts = Counter(y for starts in episodes["episode_years"] for y in set(starts))
    years = sorted(counts)
    fig = go.Figure(go.Bar(x=years, y=[counts[y] / runs for y in years], marker_color="#4575b4",
                           name="runs with an episode beginning"))
    for first, last in episodes["record"]:
        fig.add_vrect(x0=first - 0.5, x1=last + 0.5, fillcolor="#222222", opacity=0.12,
                      line_width=0)
    fig.add_vline(x=split + 0.5, line_dash="dash", line_color="#888888",
                  annotation_text="held out →", annotation_position="top right")
    fig.update_layout(title="Episodes of change by first year (shaded: the record's episodes)",
                      template="plotly_white", yaxis={"title": "share of runs",
                                                      "tickformat": ".0%"},
                      xaxis={"title": "year"}, showlegend=False)
    return fig


VERDICT_COLOURS = {"supported": INSIDE, "contradicted": OUTSIDE}


def oriented(row: dict) -> tuple[float, float, float] | None:
    """A proposition's effect and 95% interval in standard deviations of the paired
    differences (Cohen's d), signed so that the thesis' prediction is positive; None when
    the effect is not available or has no spread."""
    d, effect = row.get("effect_size"), row.get("effect")
    if d is None or effect is None or not all(map(math.isfinite, (d, effect))) or d == 0:
        return None
    sign = 1.0 if row["expected"] == "+" else -1.0
    sd = effect / d
    low, high = sorted((sign * row["ci_low"] / sd, sign * row["ci_high"] / sd))
    return sign * d, low, high


D_SHOWN = (-4.0, 6.0)  # Cohen's d drawn: a check that restates its own rule can reach 30+


def propositions_figure(rows: Sequence[dict]) -> go.Figure:
    """One line per proposition: its effect (Cohen's d) with its 95% interval, signed so that
    right of zero is the thesis' direction; green supported, red contradicted, grey
    inconclusive; diamonds for checks (the model's own rule restated), circles for tests. An
    effect beyond the drawn range sits on its edge with its number."""
    shown = [(r, o) for r in rows if (o := oriented(r)) is not None]
    lo, hi = D_SHOWN

    def clip(x: float) -> float:
        return min(max(x, lo), hi)

    fig = go.Figure(go.Scatter(
        x=[clip(o[0]) for _, o in shown],
        y=[f"{r['proposition']} {r['title'][:44]}" for r, _ in shown], mode="markers+text",
        error_x={"type": "data", "symmetric": False,
                 "array": [clip(o[2]) - clip(o[0]) for _, o in shown],
                 "arrayminus": [clip(o[0]) - clip(o[1]) for _, o in shown], "color": "#888888"},
        marker={"size": 11, "color": [VERDICT_COLOURS.get(r["verdict"], "#888888")
                                       for r, _ in shown],
                "symbol": ["diamond" if r["kind"] == "check" else "circle" for r, _ in shown]},
        text=["" if lo < o[0] < hi else f"d = {o[0]:.3g}" for _, o in shown],
        textposition="middle left",
        customdata=[[f"{o[0]:.3g}", r["verdict"], r["kind"], r["outcome"],
                     r["counterfactual"][:80]] for r, o in shown],
        hovertemplate="%{y}<br>d = %{customdata[0]}: %{customdata[1]} (%{customdata[2]})<br>"
                      "%{customdata[3]}; counterfactual: %{customdata[4]}<extra></extra>"))
    fig.add_vline(x=0, line_color="#444444")
    fig.update_layout(title="Propositions: effect in the thesis' predicted direction (Cohen's d, "
                            "95% interval)", template="plotly_white",
                      height=160 + 34 * len(shown), showlegend=False,
                      yaxis={"autorange": "reversed"},
                      xaxis={"title": "standardised effect, thesis' direction to the right",
                             "range": [lo - 0.3, hi + 0.3]})
    return fig


def write_plot(path: str | Path, title: str, figures: Sequence[go.Figure]) -> Path:
    """One self-contained HTML file (plotly.js embedded), written atomically."""
    body = "\n".join(f.to_html(full_html=False, include_plotlyjs=False,
                               config={"displaylogo": False}) for f in figures)
    return write_text(path, "<!DOCTYPE html><html><head><meta charset='utf-8'>"
                            f"<title>{html.escape(title)}</title>"
                            f"<script>{get_plotlyjs()}</script></head><body>"
                            f"<h1 style='font-family:system-ui'>{html.escape(title)}</h1>"
                            f"{body}</body></html>")
