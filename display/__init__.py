"""The waiting-room display (/display)."""

from display.views import display

__all__ = ["display"]
