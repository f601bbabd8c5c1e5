"""Hostile links (AppTest): out-of-range dates give a notice on every page, never a traceback; the range is fixed."""

from __future__ import annotations

import datetime

import pytest
from streamlit.testing.v1 import AppTest

from components import paths
from components.queries import filters, links

PAGES = {
    "map": None,
    "timeline": "components/pages/timeline/page.py",
    "country": "components/pages/country/page.py",
    "sources": "components/pages/sources/page.py",
    "about": "components/pages/about/page.py",
    "add": "components/pages/add/page.py",
}

OUT_OF_RANGE = {  # (params, the text the notice must contain)
    "to=9999-12-31": ({"to": "9999-12-31"}, "'to' 9999-12-31 is outside"),
    "from=0001-01-01": ({"from": "0001-01-01"}, "'from' 0001-01-01 is outside"),
    "from=1999-12-31": ({"from": "1999-12-31"}, "'from' 1999-12-31 is outside"),
}


def run_app(params: dict[str, str], page: str | None) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def warnings(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning).replace("\\", "")  # Markdown escapes removed


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
@pytest.mark.parametrize(("params", "notice"), list(OUT_OF_RANGE.values()), ids=list(OUT_OF_RANGE))
def test_an_out_of_range_date_gives_a_notice_and_no_exception(small_atlas, params, notice, page) -> None:
    at = run_app(params, page)
    assert not at.exception, at.exception
    if page is None or ("about" not in page and "add" not in page):  # the filter pages show the notice
        assert notice in warnings(at), warnings(at)


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_a_date_inside_the_range_is_read_without_notice(small_atlas, page) -> None:
    at = run_app({"to": "2032-01-01"}, page)
    assert not at.exception, at.exception
    assert "outside" not in warnings(at)
    if page is None or ("about" not in page and "add" not in page):
        assert at.date_input(key="to").value == datetime.date(2032, 1, 1)


def test_the_timeline_link_from_1999_clamps_the_date_box(small_atlas) -> None:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["from"] = "1999-12-31"
    at.switch_page(PAGES["timeline"]).run()
    assert not at.exception, at.exception
    assert at.date_input(key="from").value == filters.DATE_RANGE[0]
    assert "'from' 1999-12-31 is outside" in warnings(at)


FROZEN_IMPORT = """
import datetime, sys
class Frozen(datetime.date):
    @classmethod
    def today(cls):
        return cls({year}, {month}, {day})
datetime.date = Frozen
from components.queries.filters import DATE_RANGE
print(DATE_RANGE[0].isoformat(), DATE_RANGE[1].isoformat())
"""


@pytest.mark.parametrize("today", [datetime.date(2001, 1, 1), datetime.date(2026, 12, 1), datetime.date(2039, 6, 1)])
def test_the_date_range_does_not_move_with_the_clock(today) -> None:
    """Imported on three different days (in a fresh interpreter each), the range is the same."""
    import subprocess
    import sys

    from components import paths

    code = FROZEN_IMPORT.format(year=today.year, month=today.month, day=today.day)
    done = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2000-01-01", "2040-12-31"]
    spec, notices = links.read_filters_from_query_params(
        {"to": "2032-01-01"}, known_countries=[], known_product_lines=[], known_statuses=[], known_languages=[]
    )
    assert spec.end == datetime.date(2032, 1, 1) and not notices
