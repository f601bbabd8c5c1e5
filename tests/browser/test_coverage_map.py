"""The map in Chromium shows the countries the 2026 coverage added, coloured by an entry stage, drawn offline."""

import pytest

pytestmark = pytest.mark.browser

NEW_COUNTRIES = ("PRT", "CHE", "ROU", "ISR", "SAU", "GHA", "ARG", "PER", "NZL", "KAZ", "AUT", "CZE", "MAR")

# JS: for each drawn country shape, its code and the name of the trace (the stage) it belongs to.
SHAPES_BY_STAGE = """() => [...document.querySelectorAll('path.choroplethlocation')].map(p => {
    const d = p.__data__;
    return d && d.loc ? [d.loc, (d.trace || (d[0] && d[0].trace) || {}).name || ''] : null;
}).filter(Boolean)"""
STAGE_OF = """(code) => {
    const gd = document.querySelector('.js-plotly-plot');
    for (const t of gd.data) { if ((t.locations || []).includes(code)) return t.name; }
    return null;
}"""


def test_the_map_draws_the_newly_covered_countries_at_an_entry_stage(app):
    app.goto("/")
    app.page.wait_for_selector("path.choroplethlocation", timeout=30_000)
    entry = {"Ecosystem products only", "Phones via partners", "Official phone launch", "Own stores"}
    stages = {code: app.page.evaluate(STAGE_OF, code) for code in NEW_COUNTRIES}
    wrong = {code: stage for code, stage in stages.items() if stage not in entry}
    assert not wrong, f"not drawn at an entry stage: {wrong}"
    drawn = {loc for loc, _ in app.page.evaluate(SHAPES_BY_STAGE)}
    assert set(NEW_COUNTRIES) - {"AND"} <= drawn, set(NEW_COUNTRIES) - drawn
    app.screenshot("map-coverage-2026")
    assert app.external_requests() == []
