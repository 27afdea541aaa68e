"""Does a screen fit its physical place? Overflow, clipped text and off-screen boxes, measured in
the real Chromium at the real viewport size; and a screenshot of each screen for people to look at.

Screenshots go to $ACCUEIL_SCREENSHOTS if set, else to `screenshots/` in pytest's temporary
directory (printed by `pytest -rA`, kept for the last three runs)."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest

KIOSK_PORTRAIT = {"width": 1080, "height": 1920}
KIOSK_LANDSCAPE = {"width": 1920, "height": 1080}
TV = {"width": 1920, "height": 1080}
SMALL_TV = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 1280, "height": 800}

# Every visible element of the page: is its content taller or wider than its box (cut by
# overflow:hidden, or spilling over its neighbours), or does the box leave the viewport?
# Inline boxes have no height of their own and are skipped; text inside them is measured by
# their block parent. Visually hidden text (screen readers only) is skipped on purpose.
MEASURE = """
(scope) => {
  const root = scope ? document.querySelector(scope) : document.body;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const text = (el) => (el.innerText || el.getAttribute('alt') || '').trim().slice(0, 60);
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    if (el.closest('.visually-hidden, script, style, svg, dialog:not([open])')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents') continue;
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (el !== document.body && el !== document.documentElement) {
      if (el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0)
        problems.push({ kind: 'taller than its box', el: name(el),
                        by: el.scrollHeight - el.clientHeight, text: text(el) });
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        problems.push({ kind: 'wider than its box', el: name(el),
                        by: el.scrollWidth - el.clientWidth, text: text(el) });
    }
    const below = !scope && (box.bottom > innerHeight + 1 || box.top < -1);  // a part may scroll
    if (box.right > innerWidth + 1 || box.left < -1 || below)
      problems.push({ kind: 'outside the screen', el: name(el),
        box: [box.left, box.top, box.right, box.bottom].map(Math.round), text: text(el) });
  }
  const page = document.documentElement;
  if (scope) return problems;  // a part of the page: the page itself may scroll
  if (page.scrollHeight > innerHeight + 1)
    problems.push({ kind: 'page scrolls', by: page.scrollHeight - innerHeight });
  if (page.scrollWidth > innerWidth + 1)
    problems.push({ kind: 'page scrolls sideways', by: page.scrollWidth - innerWidth });
  return problems;
}
"""


def misfits(page: Any, scope: str | None = None) -> list[dict[str, Any]]:
    """Everything that does not fit, in the page or inside `scope` (a CSS selector)."""
    return list(page.evaluate(MEASURE, scope))


def assert_fits(page: Any, scope: str | None = None) -> None:
    problems = misfits(page, scope)
    assert not problems, json.dumps(problems[:15], indent=1, ensure_ascii=False)


def screenshot_dir(factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("ACCUEIL_SCREENSHOTS")
    folder = Path(chosen) if chosen else factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def font_px(page: Any, selector: str) -> float:
    """The computed font size of the first element matching `selector`, in CSS pixels."""
    script = "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)"
    return float(page.evaluate(script, selector))


def box(page: Any, selector: str) -> dict[str, float]:
    return dict(page.locator(selector).first.bounding_box())


# Where each part of an element's text is drawn, from the left: a time such as "10 h 30" inside a
# right-to-left sentence must still read "10", "h", "30" from left to right (the bidi algorithm
# left alone draws "h 30 10"), whatever invisible marks keep it so.
READING = """([selector, parts]) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const lefts = [];
  let node = null;
  while ((node = walker.nextNode())) {
    if (!node.textContent.includes(parts[0])) continue;
    const range = document.createRange();
    let from = 0;
    for (const part of parts) {
      const at = node.textContent.indexOf(part, from);
      range.setStart(node, at);
      range.setEnd(node, at + part.length);
      lefts.push(range.getBoundingClientRect().left);
      from = at + part.length;
    }
    return lefts;
  }
  return null;
}"""


def drawn_left_to_right(page: Any, selector: str, parts: list[str]) -> bool:
    """Are `parts` (in this order in the element's first text that holds them) drawn from left to
    right on the screen?"""
    lefts = page.evaluate(READING, [selector, parts])
    assert lefts is not None, f"{parts[0]!r} not in {selector}"
    return all(a < b for a, b in itertools.pairwise(lefts))
