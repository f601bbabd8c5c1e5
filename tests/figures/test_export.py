"""Chart export: the title, filters, data date and source credit are drawn on the figure; files named after the view."""

import json

import plotly.graph_objects as go
import pytest
from apptest import start_dashboard

from components.figures.style import STATCOUNTER_CREDIT, add_credit, licence_credits, with_credit


def credit_text(spec_or_fig):
    layout = spec_or_fig["layout"] if isinstance(spec_or_fig, dict) else spec_or_fig.to_plotly_json()["layout"]
    return " ".join(a["text"] for a in layout.get("annotations", []) if a.get("name") == "credit")


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_add_credit_draws_escaped_lines_and_grows_the_margin(where):
    fig = go.Figure(layout={"height": 300, "margin": {"t": 10, "b": 10}})
    add_credit(fig, "Title <b>", ["Filters: <script>", "Data as of 2026-01-01"], where=where)
    text = credit_text(fig)
    assert "Title &lt;b&gt;" in text and "&lt;script&gt;" in text and "2026-01-01" in text
    assert fig.layout.height > 300
    assert (fig.layout.margin.t if where == "top" else fig.layout.margin.b) > 10


def test_with_credit_leaves_the_shared_figure_alone():
    shared = go.Figure(layout={"height": 200})
    copy = with_credit(shared, "T", ["x"])
    assert credit_text(copy) and not credit_text(shared) and shared.layout.height == 200


@pytest.mark.parametrize(
    ("licences", "expected"),
    [
        (["CC BY-SA 3.0 (StatCounter Global Stats)"], [STATCOUNTER_CREDIT]),
        (["proprietary figure cited with attribution to Canalys"], []),
        ([], []),
    ],
)
def test_licence_credits(licences, expected):
    assert licence_credits(licences) == expected


def start(params=None, page=None):
    return start_dashboard(params, page)


def test_map_export_is_named_after_the_view_and_credited(small_atlas):
    at = start({"map_year": "2016", "country": ["KOR"]})
    chart = at.get("plotly_chart")[0]
    config = json.loads(chart.proto.config)["toImageButtonOptions"]
    assert config == {"format": "png", "filename": "xiaomi-atlas-map-2016", "scale": 2}
    text = credit_text(json.loads(chart.proto.spec))
    assert "as of 2016-12-31" in text and "Filters: South Korea" in text and "Data as of" in text
    assert "Xiaomi Market Atlas" in text


def test_timeline_export_is_credited(small_atlas):
    at = start({"timeline_group": "product_line"}, page="components/pages/timeline/page.py")
    chart = at.get("plotly_chart")[0]
    assert json.loads(chart.proto.config)["toImageButtonOptions"]["filename"] == "xiaomi-atlas-timeline-product-line"
    assert "by product line" in credit_text(json.loads(chart.proto.spec))


def test_statcounter_charts_carry_their_licence_credit():
    at = start({"country": "IND", "country_tab": "Rivals"}, page="components/pages/country/page.py")
    texts = [credit_text(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]
    web = [t for t in texts if "StatCounter" in t]
    assert web and all("StatCounter Global Stats, CC BY-SA 3.0" in t for t in web)
