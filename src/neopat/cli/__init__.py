"""The ``neopat`` command. Each layer's commands live in a module of this package."""

from __future__ import annotations

import inspect

import typer

from neopat.cli._common import run_app
from neopat.cli.data import app as data_app

app = typer.Typer(
    name="neopat",
    help="neopat: simulate how informal politics shapes formal institutions and party systems.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


app.add_typer(data_app, name="data")


@app.callback()
def _root() -> None:
    """neopat: simulate how informal politics shapes formal institutions and party systems."""


from neopat.cli import model as _model  # noqa: E402

_model.register(app)

from neopat.cli import rules as _rules  # noqa: E402

app.command("seats")(_rules.seats)
app.command("register")(_rules.register)

from neopat.cli import experiments as _experiments  # noqa: E402

_experiments.register(app)

from neopat.cli import views as _views  # noqa: E402

_views.register(app)
from neopat.cli import propositions as _propositions  # noqa: E402

_propositions.register(app)

from neopat.cli import validation as _validation  # noqa: E402

_validation.register(app)

from neopat.cli import calibration as _calibration  # noqa: E402

_calibration.register(app)

from neopat.cli import institutions as _institutions  # noqa: E402

_institutions.register(app)
from neopat.cli import bench as _bench  # noqa: E402

_bench.register(app)


def _short_help(typer_app: typer.Typer) -> None:
    """The command lists show each command's first sentence on one line (the docstrings'
    hard line breaks would otherwise break it mid-phrase)."""
    for info in typer_app.registered_commands:
        if info.short_help is None and info.callback is not None:
            first = " ".join((inspect.getdoc(info.callback) or "").split("\n\n")[0].split())
            info.short_help = first.split(". ")[0].rstrip(".") + "." if first else None


_short_help(app)
_short_help(data_app)


def main() -> None:
    """Console entry point."""
    run_app(app)
