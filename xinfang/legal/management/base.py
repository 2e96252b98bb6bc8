"""A base for commands whose contract is: output on stdout, or one line on stderr and exit 2.

Django prints argparse errors as multi-line usage text, and errors raised while parsing
escape its handling. Here every parse error, every :class:`CommandError` and every refusal
by the rules core becomes one line on stderr and the command's return code.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

INVALID_INPUT = 2


def one_line(text: object) -> str:
    """The text with its line breaks folded, so an error is always one line."""
    return " ".join(str(text).split())


class ContractCommand(BaseCommand):
    """A management command with a public, scripted contract (docs/rules.md)."""

    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str) -> NoReturn:
            raise CommandError(one_line(message), returncode=INVALID_INPUT)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        try:
            super().run_from_argv(argv)
        except CommandError as exc:
            # Raised while parsing the arguments, before Django's own handler is in place.
            self.stderr.write(f"CommandError: {one_line(exc)}")
            sys.exit(exc.returncode)

    @staticmethod
    def invalid(message: object) -> CommandError:
        """A one-line error with the invalid-input exit code."""
        return CommandError(one_line(message), returncode=INVALID_INPUT)
