"""Ticket numbers: a service prefix and a 3-digit number that restarts every day and site."""

from __future__ import annotations

import re

PREFIX_PATTERN = re.compile(r"^[A-Z]{1,3}$")


def validate_prefix(prefix: str) -> str:
    """Return the prefix if it is one to three capital letters, else raise ValueError."""
    if not PREFIX_PATTERN.match(prefix):
        raise ValueError(f"un préfixe compte une à trois majuscules, pas « {prefix} »")
    return prefix


def format_number(prefix: str, sequence: int) -> str:
    """C + 12 -> 'C012'; past 999 the number grows a digit rather than repeat."""
    if sequence < 1:
        raise ValueError("ticket sequences start at 1")
    return f"{validate_prefix(prefix)}{sequence:03d}"
