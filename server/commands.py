"""What the `accueil` commands share, so that no command module imports `server.cli` back.

`server.cli` imports the command modules (today `server.cli_printers`); they register here:

    @command                      # a top-level `accueil <name>` command or group
    @click.command()
    def peak(state: str) -> None: ...

    @demo_step                    # run by `accueil demo` once the demo data is in place
    def start_demo_printer(app) -> None: ...

and build the application with `make_app()` (settings read from the environment now).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

COMMANDS: list[click.Command] = []
DEMO_STEPS: list[Callable[[Any], None]] = []

Registered = TypeVar("Registered", bound=click.Command)
Step = TypeVar("Step", bound=Callable[[Any], None])


def command(registered: Registered) -> Registered:
    """Add a command (or group) to `accueil`."""
    COMMANDS.append(registered)
    return registered


def demo_step(step: Step) -> Step:
    """Run `step(app)` in `accueil demo`, after the demo data, before serving."""
    DEMO_STEPS.append(step)
    return step


def make_app(**overrides: Any) -> Any:
    """The application as the commands run it: Config() from the environment, then overrides."""
    from server import create_app
    from server.config import Config

    config = Config()
    for key, value in overrides.items():
        setattr(config, key, value)
    return create_app(config)
