"""The Solara dashboard served by ``neopat app``.

Three tabs: *Run* (scenario, seed, the parameter catalogue grouped by tier and group with each
parameter's one-line doc; invalid values are refused in the page; a run shows its progress, then
seats against the record, votes and seats, the party registry, the network, the event timeline
with the mechanism and thesis passage of a chosen event, and society and regime indicators),
*Compare* (two scenarios side by side) and *Ensemble* (a results store's distributions).
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import solara
import solara.lab

from neopat.errors import InputError
from neopat.scenarios import parameter_catalogue, prepare
from neopat.scenarios.loader import packaged_names
from neopat.scenarios.schema import SPECIES
from neopat.views import figures
from neopat.views.passages import explain
from neopat.views.runs import RunView, simulate

scenario_name = solara.reactive("kazakhstan")
seed = solara.reactive(1)
overrides: solara.Reactive[dict[str, str]] = solara.reactive({})
chosen_event = solara.reactive(-1)
table_year = solara.reactive(0)
compare_a = solara.reactive(("kazakhstan", "balancer"))
compare_b = solara.reactive(("kazakhstan", "institutionalist"))
ensemble_path = solara.reactive("")


@lru_cache(maxsize=4096)
def override_error(scenario: str, name: str, text: str) -> str | None:
    """Why ``name=text`` is refused for ``scenario``, or None when it is valid."""
    try:
        prepare(scenario, [f"{name}={text}"])
    except InputError as exc:
        return str(exc)
    return None


def current_sets() -> list[str]:
    return [f"{k}={v}" for k, v in sorted(overrides.value.items())]


@solara.lab.task(prefer_threaded=True)
def run_task(name: str, sets: list[str], run_seed: int) -> RunView:
    spec = prepare(name, sets, seed=run_seed)

    def on_year(done: int, total: int) -> None:
        run_task.progress = 100.0 * done / total

    return simulate(spec, on_year)


@solara.lab.task(prefer_threaded=True)
def compare_task(a: tuple[str, str], b: tuple[str, str], run_seed: int) -> list[RunView]:
    out = []
    for i, (name, species) in enumerate((a, b)):
        spec = prepare(name, [f"ruler.species={species}"], seed=run_seed)
        out.append(simulate(spec, lambda d, t, i=i: setattr(
            compare_task, "progress", 50.0 * (i + d / t))))
    return out


@solara.lab.task(prefer_threaded=True)
def ensemble_task(path: str):
    from neopat.experiments.results import Results
    from neopat.views import ensemble
    from neopat.views.report import validation
    from neopat.views.runs import replay
    with Results(path) as results:
        run_views = ensemble.views(results)
        for i, view in enumerate(run_views):  # full election records for the validation
            replay(view)
            ensemble_task.progress = 100.0 * (i + 1) / len(run_views)
        return ensemble.ensemble_figures(results, run_views), validation(run_views)


@solara.component
def ParameterInput(info, scenario: str):
    text = overrides.value.get(info.name, "")
    error = override_error(scenario, info.name, text) if text else None

    def on_value(value: str | None):
        new = dict(overrides.value)
        if value in (None, ""):
            new.pop(info.name, None)
        else:
            new[info.name] = value.strip()
        overrides.value = new

    solara.InputText(info.name, value=text, on_value=on_value, placeholder=str(info.default),
                     error=error or False, message=error or info.doc, dense=True,
                     continuous_update=False)


@solara.component
def ParameterPanel(scenario: str):
    catalogue = parameter_catalogue()
    for tier in ("informal", "formal", "numerical"):
        params = [p for p in catalogue if p.tier == tier]
        with solara.Details(f"{tier} tier ({len(params)} parameters)", expand=tier == "formal"):
            if not params:
                solara.Text(f"No {tier} parameters in the catalogue.")
            for group in dict.fromkeys(p.group for p in params):
                with solara.Card(group, margin=1), solara.Columns([1, 1, 1]):
                    for p in params:
                        if p.group == group:
                            ParameterInput(p, scenario)


def table_markup(rows: list[dict], table_id: str) -> str:
    if not rows:
        return f'<table id="{table_id}"><tbody><tr><td>no rows</td></tr></tbody></table>'
    cols = list(rows[0])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f'<td data-col="{c}">{html.escape(str(r.get(c, "")))}</td>'
                                    for c in cols) + "</tr>" for r in rows)
    return (f'<table id="{table_id}" class="neopat-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


@solara.component
def EventDetail(view: RunView):
    options = [f"{i}: {e['year']}-{e['month']:02d} {e['mechanism']} ({', '.join(e['actors'])})"
               for i, e in enumerate(view.events)]
    if not options:
        return
    current = options[chosen_event.value] if 0 <= chosen_event.value < len(options) else None
    solara.Select("event", values=options, value=current,
                  on_value=lambda v: chosen_event.set(int(v.split(":")[0])))
    if current is not None:
        e = view.events[chosen_event.value]
        info = explain(e["mechanism"], e["source"])
        with solara.Card(f"{info['mechanism']} ({info['source']})", margin=1):
            solara.Text(info["doc"])
            solara.Preformatted(info["passage"])


def sized(figs: dict, width: int) -> dict:
    """Give every figure a fixed width (the widget does not follow its container)."""
    for fig in figs.values():
        fig.update_layout(width=width)
    return figs


@solara.component
def RunFigures(view: RunView):
    figs = sized(figures.all_figures(view), 1250)
    solara.FigurePlotly(figs["seats"])
    years = sorted({e["year"] for e in view.elections if e["kind"] == "parliament"})
    if years:
        year = table_year.value if table_year.value in years else years[-1]
        solara.Select("seat table: election year", values=years, value=year,
                      on_value=table_year.set)
        solara.HTML(tag="h3", unsafe_innerHTML=f"Seats in {year} (simulated, seed {view.seed})")
        solara.HTML(unsafe_innerHTML=table_markup(figures.seat_table(view, year), "seat-table"))
    else:
        solara.Info("This run held no parliamentary elections.")
    solara.FigurePlotly(figs["votes_seats"])
    solara.FigurePlotly(figs["registry"])
    if view.parties:
        rows = [{k: r[k] for k in ("key", "name", "status", "stance", "rationale",
                                   "gd_species", "ideology", "behaviour")}
                for r in figures.registry_table(view)]
        solara.HTML(unsafe_innerHTML=table_markup(rows, "party-registry"))
    solara.FigurePlotly(figs["network"])

    def on_click(data):
        points = (data or {}).get("points", {})
        traces, indexes = points.get("trace_indexes", []), points.get("point_indexes", [])
        if traces and indexes:
            custom = figs["timeline"].data[traces[0]].customdata
            if custom is not None:
                chosen_event.value = int(custom[indexes[0]][0])

    solara.FigurePlotly(figs["timeline"], on_click=on_click)
    EventDetail(view)
    solara.FigurePlotly(figs["society"])
    solara.FigurePlotly(figs["regime"])


@solara.component
def RunTab():
    names = packaged_names()
    errors = {k: override_error(scenario_name.value, k, v) for k, v in overrides.value.items()}
    bad = {k: e for k, e in errors.items() if e}
    with solara.Row():
        solara.Select("scenario", values=names, value=scenario_name)
        solara.InputInt("seed", value=seed)
        solara.Button("Run", color="primary", disabled=bool(bad) or run_task.pending,
                      on_click=lambda: run_task(scenario_name.value, current_sets(),
                                                seed.value))
        solara.Button("Reset parameters", text=True, on_click=lambda: overrides.set({}))
    ParameterPanel(scenario_name.value)
    with solara.Column():
        for name, message in bad.items():
            solara.Error(f"refused: {name}: {message}")
    if run_task.pending:
        solara.Text(f"simulating… {run_task.progress or 0:.0f}%")
        solara.ProgressLinear(run_task.progress or True)
    if run_task.error:
        solara.Error(f"the run failed: {run_task.exception}")
    if run_task.finished and run_task.value is not None:
        view = run_task.value
        solara.Success(f"run finished: {view.scenario}, seed {view.seed}, "
                       f"{len(view.years)} years, {len(view.elections)} elections, "
                       f"{len(view.events)} events")
        RunFigures(view)


@solara.component
def CompareTab():
    names = packaged_names()
    with solara.Columns([1, 1]):
        for label, state in (("A", compare_a), ("B", compare_b)):
            with solara.Row():
                solara.Select(f"{label}: scenario", values=names, value=state.value[0],
                              on_value=lambda v, s=state: s.set((v, s.value[1])))
                solara.Select(f"{label}: ruler species", values=list(SPECIES),
                              value=state.value[1],
                              on_value=lambda v, s=state: s.set((s.value[0], v)))
    solara.Button("Run both", color="primary", disabled=compare_task.pending,
                  on_click=lambda: compare_task(compare_a.value, compare_b.value, seed.value))
    if compare_task.pending:
        solara.ProgressLinear(compare_task.progress or True)
    if compare_task.error:
        solara.Error(f"the comparison failed: {compare_task.exception}")
    if compare_task.finished and compare_task.value:
        with solara.Columns([1, 1]):
            for view, (name, species) in zip(compare_task.value,
                                             (compare_a.value, compare_b.value), strict=True):
                with solara.Column():
                    solara.HTML(tag="h3", unsafe_innerHTML=html.escape(
                        f"{name}, ruler {species} (seed {view.seed})"))
                    figs = sized(figures.all_figures(view), 620)
                    for key in ("seats", "registry", "regime", "society"):
                        solara.FigurePlotly(figs[key])


@solara.component
def EnsembleTab():
    solara.InputText("results store (.duckdb path)", value=ensemble_path,
                     continuous_update=False)
    path = ensemble_path.value.strip()
    problem = None
    if path and not Path(path).is_file():
        problem = f"{path}: no such file"
    if problem:
        solara.Error(problem)
    solara.Button("Open", color="primary", disabled=not path or bool(problem)
                  or ensemble_task.pending, on_click=lambda: ensemble_task(path))
    if ensemble_task.pending:
        solara.Text(f"replaying the store's runs… {ensemble_task.progress or 0:.0f}%")
        solara.ProgressLinear(ensemble_task.progress or True)
    if ensemble_task.error:
        solara.Error(f"cannot open the store: {ensemble_task.exception}")
    if ensemble_task.finished and ensemble_task.value:
        figs, (valid, score, fit_figures) = ensemble_task.value
        for fig in sized(figs, 1250).values():
            solara.FigurePlotly(fig)
        solara.HTML(tag="h3", unsafe_innerHTML=f"Validation against the record: {score}")
        solara.HTML(unsafe_innerHTML=table_markup(valid.to_dict("records"), "validation"))
        for fig in sized(fit_figures, 1250).values():
            solara.FigurePlotly(fig)


@solara.component
def Page():
    solara.Title("neopat dashboard")
    solara.Style(".neopat-table td,.neopat-table th{border:1px solid #ccc;padding:2px 6px}"
                 ".neopat-table{border-collapse:collapse;margin:8px 0}")
    solara.HTML(tag="h2", unsafe_innerHTML="neopat: a neopatrimonial regime at work")
    with solara.lab.Tabs():
        with solara.lab.Tab("Run"):
            RunTab()
        with solara.lab.Tab("Compare"):
            CompareTab()
        with solara.lab.Tab("Ensemble"):
            EnsembleTab()
