"""Every command and every setting is documented in the README (after datasette's test_docs)."""

from __future__ import annotations

import pytest

from dossier.cli import app
from dossier.settings import describe

from support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands] + [
    f"{group.name} {c.name or c.callback.__name__}" for group in app.registered_groups
    for c in group.typer_instance.registered_commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_documented(command):
    assert f"dossier {command}" in README


@pytest.mark.parametrize("setting", list(describe()))
def test_setting_documented(setting):
    assert f"`{setting}`" in README
