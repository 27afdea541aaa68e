"""The console and the statistics say a visit's outcome with the same words: an agent who taps
« Remonté au partenaire » finds « Remonté au partenaire » in the month's figures and report."""

from __future__ import annotations

import re
from typing import Any

from server.domain.statistics import REQUEST_TYPE_LABELS, RESULT_LABELS, UNKNOWN

TILE = re.compile(
    r'<input type="radio" name="(request_type|result)" value="(\w+)">'
    r'<span><span class="icon" aria-hidden="true">[^<]*</span> ([^<]+)</span>'
)


def test_the_finish_sheet_and_the_statistics_name_each_outcome_alike(client: Any) -> None:
    page = client.get("/console").get_data(as_text=True)
    tiles = {(field, value): words.strip() for field, value, words in TILE.findall(page)}
    expected = {
        **{("request_type", k): v for k, v in REQUEST_TYPE_LABELS.items() if k != UNKNOWN},
        **{("result", k): v for k, v in RESULT_LABELS.items() if k != UNKNOWN},
    }
    assert tiles == expected
