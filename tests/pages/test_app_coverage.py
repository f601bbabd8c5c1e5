"""AppTest on the real data: a country the 2026 coverage added opens its profile, the map draws the new countries,
and the About page says how much of Xiaomi's claimed footprint the atlas documents."""

import json

import pytest
from apptest import start_dashboard

NEW_COUNTRIES = ("PRT", "CHE", "ROU", "ISR", "SAU", "GHA", "ARG", "PER", "NZL", "KAZ")  # none was in the atlas before


def start(page, params=None):
    return start_dashboard(params, page)


@pytest.mark.parametrize("code", ["PRT", "GHA", "PER"])
def test_a_newly_covered_country_opens_its_profile(code):
    at = start("components/pages/country/page.py", {"country": code})
    assert at.title[0].value and code not in ("", None)
    headings = " ".join(h.value for h in at.subheader)
    assert "Stage today" in headings, headings
    assert "No Xiaomi event" not in " ".join(i.value for i in at.info)


def test_the_map_draws_the_new_countries_at_an_entry_stage():
    at = start("components/pages/map/page.py")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    entry = {"Ecosystem products only", "Phones via partners", "Official phone launch", "Own stores"}
    drawn = {code for trace in spec["data"] if trace.get("name") in entry for code in trace.get("locations", [])}
    drawn |= {c[0] for t in spec["data"] if t.get("name") in entry for c in t.get("customdata", []) if c}
    missing = [code for code in NEW_COUNTRIES if code not in drawn]
    assert not missing, f"not drawn at an entry stage: {missing}"


def test_the_about_page_states_the_coverage_and_xiaomis_claim():
    at = start("components/pages/about/page.py")
    text = " ".join(m.value for m in at.markdown)
    assert "countries and territories" in text and "more than 100" in text, text[:500]
    table = at.dataframe[1].value  # after the stages table
    assert list(table["continent"]) == ["Europe", "Africa", "Americas", "Asia", "Oceania"]
    assert (table["countries"] > 0).all()
    assert "closure" in text.lower() or "own retail ends" in text


@pytest.mark.parametrize(("code", "weak"), [("SLV", True), ("PRT", False)])
def test_a_profile_resting_on_weak_sources_only_says_so(code, weak):
    at = start("components/pages/country/page.py", {"country": code})
    warned = any("marked weak" in w.value for w in at.warning)
    assert warned is weak
