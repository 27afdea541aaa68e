"""The agents' tablet console (/console)."""

from agent_console.views import console

__all__ = ["console"]
