"""Plotly figures of one run (a :class:`~neopat.views.runs.RunView`).

Every function returns a ``plotly.graph_objects.Figure``; figures with nothing to show say so in
their title rather than failing, so a report of a run without elections still renders.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import plotly.graph_objects as go
from plotly.colors import qualitative

from neopat.views import categories
from neopat.views.runs import RunView

PALETTE = qualitative.D3 + qualitative.Set2 + qualitative.Pastel1
STATUS_COLOURS = {"forming": "#bbbbbb", "registered": "#2ca02c", "denied": "#d62728",
                  "liquidated": "#8c1c13", "merged": "#1f77b4", "dissolved": "#7f7f7f"}
SOCIETY = ("turnout", "approval_mean", "approval_sd", "recognition", "incongruence")
REGIME = ("elite_cohesion", "ruler_authority", "legitimacy", "informal_reliance",
          "top_asset_share")
LAYERS = {"ruler": 0, "patron": 1, "client": 2, "defector": 2, "broker": 3, "voter_block": 4}


def colour_map(categories) -> dict[str, str]:
    """A stable colour per category (sorted, so two figures agree)."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(set(categories)))}


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, xaxis={"visible": False}, yaxis={"visible": False})
    return fig


def party_info(view: RunView) -> dict[tuple[int, str], dict]:
    """(year, party key) -> the party-year row."""
    return {(int(r["year"]), r["key"]): r for r in view.parties}


def _party_row(info: dict, year: int, key: str) -> dict:
    """The party's row in ``year``, else its latest earlier row; self-nominated winners
    (``self-nominated:<stance>``) count by their declared stance, as the record counts them."""
    for y in range(year, year - 30, -1):
        if (y, key) in info:
            return info[(y, key)]
    if key.startswith("self-nominated:"):
        stance = key.split(":", 1)[1]
        return {"name": f"self-nominated ({stance})", "stance": stance,
                "rationale": "unclassified"}
    return {}


def simulated_seat_shares(view: RunView) -> list[dict]:
    """Per parliamentary election: seat share by category (stance × founding rationale)."""
    info = party_info(view)
    rows = []
    for e in view.elections:
        if e["kind"] != "parliament" or not e["seats"]:
            continue
        total = sum(e["seats"].values())
        by_cat: dict[str, int] = defaultdict(int)
        for key, n in e["seats"].items():
            row = _party_row(info, e["year"], key)
            by_cat[categories.category(row.get("stance"), row.get("rationale"))] += n
        for cat, n in sorted(by_cat.items()):
            rows.append({"year": e["year"], "election": e["name"], "category": cat, "seats": n,
                         "share": n / total if total else math.nan})
    return _zero_filled(rows)


def _zero_filled(rows: list[dict]) -> list[dict]:
    """A category without seats at an election holds a share of 0 there (not a gap)."""
    cats = sorted({r["category"] for r in rows})
    elections = sorted({(r["year"], r["election"]) for r in rows})
    have = {(r["year"], r["election"], r["category"]) for r in rows}
    extra = [{"year": y, "election": n, "category": c, "seats": 0, "share": 0.0}
             for y, n in elections for c in cats if (y, n, c) not in have]
    return sorted(rows + extra, key=lambda r: (r["year"], r["election"], r["category"]))


def seat_share_layout(fig: go.Figure, title: str) -> go.Figure:
    """``fig`` laid out as a seat-share-by-year chart titled ``title``."""
    fig.update_layout(title=title, xaxis_title="year", yaxis_title="seat share",
                      yaxis_tickformat=".0%", height=560,
                      legend={"font": {"size": 10}, "orientation": "h", "y": -0.2})
    return fig


def seats_over_time(view: RunView) -> go.Figure:
    """Seat share per category at each parliamentary election, simulated (solid) and the
    historical record (open diamonds, dotted), matched by category, not by party name."""
    sim = simulated_seat_shares(view)
    hist = categories.seat_shares()
    colours = colour_map([r["category"] for r in sim] + list(hist.category))
    fig = go.Figure()
    for cat in sorted({r["category"] for r in sim}):
        pts = [r for r in sim if r["category"] == cat]
        fig.add_trace(go.Scatter(x=[r["year"] for r in pts], y=[r["share"] for r in pts],
                                 mode="lines+markers", name=f"simulated: {cat}",
                                 legendgroup=cat, line={"color": colours[cat]}))
    for cat, g in hist.groupby("category"):
        fig.add_trace(go.Scatter(
            x=g.year, y=g.share, mode="lines+markers", name=f"record: {cat}", legendgroup=cat,
            line={"color": colours[cat], "dash": "dot"},
            marker={"symbol": "diamond-open", "size": 10},
            customdata=g[["election", "source"]], hovertemplate=(
                "%{customdata[0]}: %{y:.0%} (record, %{customdata[1]})<extra></extra>")))
    title = "Seats per party category over time (simulated vs record)"
    if not sim:
        title += " — this run held no parliamentary elections"
    return seat_share_layout(fig, title)


def seat_table(view: RunView, year: int) -> list[dict]:
    """The parliamentary election(s) of ``year``: one row per party (votes, seats, by tier)."""
    info = party_info(view)
    rows = []
    for e in view.elections:
        if e["year"] != year or e["kind"] != "parliament":
            continue
        for key in sorted(set(e["votes"]) | set(e["seats"]),
                          key=lambda k: (-e["seats"].get(k, 0), -e["votes"].get(k, 0), k)):
            row = _party_row(info, year, key)
            rows.append({"election": e["name"], "party": key, "name": row.get("name", key),
                         "stance": row.get("stance", ""), "votes": e["votes"].get(key, 0),
                         "seats": e["seats"].get(key, 0)})
    return rows


def votes_and_seats(view: RunView) -> go.Figure:
    """Vote and seat shares of every party at every election (stacked bars)."""
    if not view.elections:
        return _empty("Votes and seats by election — no elections in this run")
    from plotly.subplots import make_subplots
    info = party_info(view)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("vote share", "seat share"),
                        shared_yaxes=True)
    labels = [f"{e['year']} {e['name']}" for e in view.elections]
    keys = sorted({k for e in view.elections for k in (*e["votes"], *e["seats"])})
    names = {k: _party_row(info, 2100, k).get("name", k) for k in keys}
    colours = colour_map(keys)
    for key in keys:
        for col, field in ((1, "votes"), (2, "seats")):
            shares = []
            for e in view.elections:
                total = sum(e[field].values())
                shares.append(e[field].get(key, 0) / total if total else None)
            fig.add_trace(go.Bar(y=labels, x=shares, orientation="h", name=names[key],
                                 legendgroup=key, showlegend=col == 1,
                                 marker_color=colours[key]), row=1, col=col)
    fig.update_layout(title="Votes and seats by election", barmode="stack",
                      height=max(350, 40 * len(labels) + 150), legend={"font": {"size": 10}})
    fig.update_xaxes(tickformat=".0%")
    return fig


def party_registry(view: RunView) -> go.Figure:
    """Every party's status year by year, with its computed types on hover."""
    if not view.parties:
        return _empty("Party registry — no parties in this run")
    frame = view.party_frame().sort_values(["key", "year"])
    order = frame.groupby("key").year.min().sort_values().index.tolist()
    names = dict(zip(frame.key, frame.name, strict=False))
    fig = go.Figure()
    for status, g in frame.groupby("status"):
        fig.add_trace(go.Scatter(
            x=g.year, y=[names[k] for k in g.key], mode="markers", name=status,
            marker={"symbol": "square", "size": 12,
                    "color": STATUS_COLOURS.get(status, "#999999")},
            customdata=g[["motive", "stance", "members", "rationale", "gd_species", "ideology",
                          "behaviour"]],
            hovertemplate=("%{y} %{x}: " + status + "<br>motive %{customdata[0]}, "
                           "%{customdata[1]}, %{customdata[2]} members<br>rationale "
                           "%{customdata[3]}<br>G&D %{customdata[4]}; ideology %{customdata[5]}"
                           "<br>behaviour %{customdata[6]}<extra></extra>")))
    fig.update_layout(title="Party registry: status per year (types on hover)",
                      xaxis_title="year", height=max(350, 22 * len(order) + 150),
                      yaxis={"categoryorder": "array",
                             "categoryarray": [names[k] for k in reversed(order)]})
    return fig


def registry_table(view: RunView) -> list[dict]:
    """Each party's latest row: status and computed types."""
    latest: dict[str, dict] = {}
    for row in view.parties:
        if row["key"] not in latest or row["year"] >= latest[row["key"]]["year"]:
            latest[row["key"]] = row
    return sorted(latest.values(), key=lambda r: (r["status"], r["key"]))


def network(view: RunView) -> go.Figure:
    """The patron-client network at the end of the run: elites coloured by loyalty,
    defectors marked with a red cross, voter blocks sized by voters."""
    snap = view.network
    if not snap:
        return _empty("Patron-client network — not available for this run")
    g = nx.DiGraph()
    for n in snap["nodes"]:
        g.add_node(n["id"], layer=LAYERS.get(n["role"], 4))
    g.add_edges_from((e["source"], e["target"]) for e in snap["edges"])
    pos = {n: (x, -y) for n, (x, y) in  # ruler on top, voter blocks at the bottom
           nx.multipartite_layout(g, subset_key="layer", align="horizontal").items()}
    fig = go.Figure()
    for tie, dash in (("patronage", "solid"), ("clientelism", "dot"), ("defected", "dash")):
        xs, ys = [], []
        for e in snap["edges"]:
            if e["tie"] == tie:
                xs += [pos[e["source"]][0], pos[e["target"]][0], None]
                ys += [pos[e["source"]][1], pos[e["target"]][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=f"{tie} tie",
                                     line={"width": 0.6, "color": "#999", "dash": dash},
                                     hoverinfo="skip"))
    elites = [n for n in snap["nodes"] if n["role"] not in ("voter_block", "ruler")]
    loyal = [n for n in elites if not n["defector"]]
    fig.add_trace(go.Scatter(
        x=[pos[n["id"]][0] for n in loyal], y=[pos[n["id"]][1] for n in loyal],
        mode="markers", name="elites (colour: loyalty)",
        marker={"size": 11, "color": [n["loyalty"] for n in loyal], "colorscale": "RdYlGn",
                "cmin": 0, "cmax": 1, "colorbar": {"title": "loyalty"},
                "line": {"width": 0.5, "color": "#333"}},
        text=[f"{n['id']} ({n['role']}, {n['faction']}, {n['office']}): loyalty "
              f"{n['loyalty']:.2f}" for n in loyal], hoverinfo="text"))
    defected = [n for n in elites if n["defector"]]
    if defected:
        fig.add_trace(go.Scatter(
            x=[pos[n["id"]][0] for n in defected], y=[pos[n["id"]][1] for n in defected],
            mode="markers", name="defectors",
            marker={"symbol": "x", "size": 13, "color": "#d62728"},
            text=[f"{n['id']} (defector, {n['faction']}): loyalty {n['loyalty']:.2f}"
                  for n in defected], hoverinfo="text"))
    others = [n for n in snap["nodes"] if n["role"] in ("voter_block", "ruler")]
    fig.add_trace(go.Scatter(
        x=[pos[n["id"]][0] for n in others], y=[pos[n["id"]][1] for n in others],
        mode="markers", name="ruler and voter blocks",
        marker={"size": [22 if n["role"] == "ruler" else 4 + 8 * math.sqrt(
            (n["voters"] or 0) / 1e6) for n in others], "color": "#444", "symbol": "circle"},
        text=[n["id"] if n["role"] == "ruler" else f"{n['id']}: {n['voters']:,.0f} voters"
              for n in others], hoverinfo="text"))
    fig.update_layout(title=f"Patron-client network in {snap['year']}", showlegend=True,
                      xaxis={"visible": False}, yaxis={"visible": False}, height=560,
                      legend={"orientation": "h", "y": -0.05})
    return fig


def timeline(view: RunView) -> go.Figure:
    """Elite events by date and mechanism; each point carries its mechanism and source."""
    if not view.events:
        return _empty("Elite-event timeline — no events")
    mechs = sorted({e["mechanism"] for e in view.events})
    colours = colour_map(mechs)
    fig = go.Figure()
    for mech in mechs:
        evs = [(i, e) for i, e in enumerate(view.events) if e["mechanism"] == mech]
        fig.add_trace(go.Scatter(
            x=[e["year"] + (e["month"] - 1) / 12 for _, e in evs], y=[mech] * len(evs),
            mode="markers", name=mech, marker={"color": colours[mech], "size": 9},
            customdata=[[i, e["mechanism"], e["source"], ", ".join(e["actors"])]
                        for i, e in evs],
            hovertemplate="%{customdata[1]} (%{customdata[2]})<br>%{customdata[3]}"
                          "<extra></extra>"))
    fig.update_layout(title="Elite-event timeline (choose an event for its mechanism and "
                      "thesis passage)", xaxis_title="year", showlegend=False,
                      height=max(350, 24 * len(mechs) + 150))
    return fig


def _lines(view: RunView, names, title: str) -> go.Figure:
    fig = go.Figure()
    shown = 0
    for name in names:
        series = view.indicator(name).dropna()
        if series.empty:
            continue
        shown += 1
        fig.add_trace(go.Scatter(x=series.index, y=series.values, mode="lines+markers",
                                 name=name))
    fig.update_layout(title=title if shown else f"{title} — not simulated in this run",
                      xaxis_title="year")
    return fig


def society(view: RunView) -> go.Figure:
    """Turnout, approval of the president (mean and dispersion), recognition, and the chamber's
    incongruence with the citizens (higher is worse)."""
    return _lines(view, SOCIETY, "Society indicators")


def regime(view: RunView) -> go.Figure:
    """Elite cohesion, ruler authority and legitimacy, informal reliance, asset concentration."""
    return _lines(view, REGIME, "Regime indicators")


def all_figures(view: RunView) -> dict[str, go.Figure]:
    """Every single-run figure, keyed by a stable id (the report and the app use these)."""
    return {"seats": seats_over_time(view), "votes_seats": votes_and_seats(view),
            "registry": party_registry(view), "network": network(view),
            "timeline": timeline(view), "society": society(view), "regime": regime(view)}
