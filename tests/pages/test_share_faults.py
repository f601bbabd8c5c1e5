"""Small faults of issue 14: company names in tables, filters only where they act, the upload limit said once."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from components import paths
from components.model import load_model
from components.queries.tables import event_table


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize(
    ("names", "expected"),
    [(None, {"Xiaomi"}), ({"xiaomi": "Xiaomi Corp."}, {"Xiaomi Corp."}), ({}, {"xiaomi"})],
)
def test_event_table_shows_company_names(model, names, expected):
    events = model.events[model.events["company"].astype(str) == "xiaomi"].head(3)
    table = event_table(model, events, names)
    assert set(table["company"]) == expected


def start(page):
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("page", "has_filters"),
    [
        ("components/pages/about/page.py", False),
        ("components/pages/add/page.py", False),
        ("components/pages/timeline/page.py", True),
        ("components/pages/sources/page.py", True),
    ],
)
def test_filters_only_on_pages_they_act_on(small_atlas, page, has_filters):
    at = start(page)
    assert bool([m for m in at.sidebar.multiselect if m.key == "country"]) is has_filters


def test_upload_limit_label_matches_the_widget(small_atlas):
    at = start("components/pages/add/page.py")
    uploader = at.get("file_uploader")[0].proto
    label_mb = int(re.search(r"at most (\d+) MB", uploader.label).group(1))
    assert uploader.max_upload_size_mb == label_mb


@pytest.mark.parametrize(
    ("locale", "code", "name"),
    [("de-DE", "KOR", "Südkorea"), ("fr", "DEU", "Allemagne"), ("en-US", "KOR", "South Korea"),
     ("xx-YY", "KOR", "South Korea"), (None, "KOR", "South Korea"), ("ja", "CHN", "中国")],
)  # fmt: skip
def test_country_names_follow_the_locale(locale, code, name):
    from components.queries.names import localised_country_names

    assert localised_country_names(locale)[code] == name


def test_map_table_uses_the_readers_locale(small_atlas):
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.context["locale"] = "de-DE"
    at.query_params["map_tab"] = "Table"
    at.run()
    assert not at.exception, at.exception
    assert "Südkorea" in set(at.dataframe[0].value["country"])
