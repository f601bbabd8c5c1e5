"""The timeline draws the world and region rows and its first countries until the reader asks for all rows."""

import json

from components.queries.timeline import TIMELINE_FIRST_ROWS
from tests.apptest import start_dashboard

TIMELINE_PAGE = "components/pages/timeline/page.py"


def chart_rows(at) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["layout"]["yaxis"]["categoryarray"]


def regions(rows: list[str]) -> list[str]:
    return [row for row in rows if row.endswith("(region)")]


def test_the_first_view_draws_the_first_countries_and_every_region():
    at = start_dashboard(page=TIMELINE_PAGE)
    rows = chart_rows(at)
    assert len(rows) - len(regions(rows)) == TIMELINE_FIRST_ROWS
    assert rows[-1] == "China"  # the top row: Xiaomi's first market
    toggle = at.toggle(key="timeline_all_rows")
    assert toggle.value is False
    total = int(toggle.label.split()[1])
    assert total > len(rows)
    assert any(f"Showing {len(rows)} of {total} rows" in c.value for c in at.caption)
    notes = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["annotations"]
    credit = next(a["text"] for a in notes if a.get("name") == "credit")
    assert f"{len(rows)} of {total} rows" in credit  # an exported image says it is a part
    toggle.set_value(True).run()
    assert len(chart_rows(at)) == total
    assert not any("Showing" in c.value for c in at.caption)
    assert "timeline_all_rows=true" in at.code[0].value  # the Share link keeps it


def test_all_rows_from_the_link_and_a_bad_value():
    at = start_dashboard({"timeline_all_rows": "true"}, TIMELINE_PAGE)
    rows = chart_rows(at)
    assert at.toggle(key="timeline_all_rows").value is True
    assert len(rows) == int(at.toggle(key="timeline_all_rows").label.split()[1])
    at = start_dashboard({"timeline_all_rows": "every"}, TIMELINE_PAGE)
    assert any("timeline_all_rows" in w.value for w in at.warning)
    assert len(chart_rows(at)) < len(rows)


def test_few_countries_need_no_switch():
    at = start_dashboard({"country": ["IND", "IDN", "ESP"]}, TIMELINE_PAGE)
    assert not [t for t in at.toggle if t.key == "timeline_all_rows"]
    assert {"India", "Indonesia", "Spain"} <= set(chart_rows(at))


def test_product_line_rows_are_never_cut():
    at = start_dashboard({"timeline_group": "product_line"}, TIMELINE_PAGE)
    assert not [t for t in at.toggle if t.key == "timeline_all_rows"]
