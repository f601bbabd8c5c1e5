"""Checks on the real market-share files: one metric per series, plausible shares, spot values, quirks handled."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from components import paths
from components.model.load import load_model

STATCOUNTER_LICENCE = "CC BY-SA 3.0 (StatCounter Global Stats)"
SC_SOURCES = ("statcounter-usa-mobile-vendor", "statcounter-chn-mobile-vendor")


@pytest.fixture(scope="module")
def share() -> pd.DataFrame:
    frame = load_model(paths.DATA_DIR).market_share
    return frame.assign(
        **{
            column: frame[column].astype(str)
            for column in ("country", "vendor", "metric", "source_id", "period_precision")
        }
    )


def one(
    share: pd.DataFrame, country: str, period: str, vendor: str, metric: str, source_id: str | None = None
) -> pd.Series:
    mask = (
        (share["country"] == country)
        & (share["period_label"] == period)
        & (share["vendor"] == vendor)
        & (share["metric"] == metric)
    )
    if source_id:
        mask &= share["source_id"] == source_id
    rows = share[mask]
    assert len(rows) == 1, f"expected one row for {country} {period} {vendor} {metric}, found {len(rows)}"
    return rows.iloc[0]


def test_files_exist_and_placeholder_is_gone():
    folder = paths.DATA_DIR / "market_share"
    assert (folder / "statcounter_us_cn.csv").is_file()
    assert (folder / "reported_figures.csv").is_file()
    assert not (folder / "placeholder.csv").exists()


def test_each_source_reports_one_metric(share):
    metrics = share.groupby("source_id")["metric"].nunique()
    assert metrics[metrics > 1].empty, f"sources mixing metrics: {list(metrics[metrics > 1].index)}"


def test_no_duplicate_value_for_country_vendor_period_metric(share):
    key = ["country", "vendor", "period_label", "metric"]
    counts = share.groupby(key).size()
    duplicates = counts[counts > 1]
    assert duplicates.empty, "duplicated observations:\n" + duplicates.to_string()


def test_licence_matches_metric(share):
    web = share["metric"] == "web_usage_share"
    assert (share.loc[web, "licence"] == STATCOUNTER_LICENCE).all()
    assert share.loc[~web, "licence"].str.startswith("proprietary figure cited with attribution to ").all()


def test_shares_are_percentages(share):
    outside = share[(share["value"] < 0) | (share["value"] > 100)]
    assert outside.empty, outside[["observation_id", "value"]].to_string()


def test_shares_sum_to_at_most_100_per_period_and_source(share):
    kept = share[share["quality_flag"] != "anomaly"]
    sums = kept.groupby(["country", "period_label", "metric", "source_id"])["value"].sum()
    over = sums[sums > 100.5]
    assert over.empty, "groups above 100.5%:\n" + over.to_string()


@pytest.mark.parametrize(
    ("country", "period", "vendor", "metric", "value"),
    [
        ("USA", "2019-11", "apple", "web_usage_share", 55.54),
        ("USA", "2019-11", "samsung", "web_usage_share", 26.33),  # 'Sumsung' column not merged
        ("USA", "2019-11", "xiaomi", "web_usage_share", 0.58),
        ("USA", "2014-02", "apple", "web_usage_share", 52.83),
        ("USA", "2014-02", "motorola", "web_usage_share", 3.60),
        ("CHN", "2014-02", "xiaomi", "web_usage_share", 6.36),
        ("CHN", "2014-02", "samsung", "web_usage_share", 19.74),
        ("CHN", "2018-08", "huawei", "web_usage_share", 21.83),
        ("CHN", "2018-08", "oppo", "web_usage_share", 12.66),
        ("CHN", "2019-11", "huawei", "web_usage_share", 20.89),
        ("KOR", "2019-Q3", "samsung", "shipment_share", 71),
        ("KOR", "2016-Q4", "lg", "shipment_share", 8.3),
        ("KOR", "2018-06", "samsung", "web_usage_share", 56.7),
        ("KOR", "2013", "apple", "installed_base_share", 14),
        ("IND", "2018", "xiaomi", "shipment_share", 29.9),
        ("IND", "2023-10", "xiaomi", "web_usage_share", 21.0),
        ("IDN", "2017-Q2", "xiaomi", "shipment_share", 2),
        ("150", "2021-Q2", "xiaomi", "shipment_share", 25.3),
        ("JPN", "2019", "sharp", "shipment_share", 12.3),
        ("CHN", "2022-Q4", "honor", "shipment_share", 15),
        ("001", "2024-11", "xiaomi", "web_usage_share", 11.08),
        ("001", "2024-06", "apple", "web_usage_share", 27.16),
        ("FRA", "2022", "xiaomi", "survey_share", 11),
    ],
)
def test_spot_values_from_the_research_notes(share, country, period, vendor, metric, value):
    assert one(share, country, period, vendor, metric)["value"] == pytest.approx(value)


def test_statcounter_series_shape(share):
    sc = share[share["source_id"].isin(SC_SOURCES)]
    assert set(sc["country"]) == {"USA", "CHN"}
    assert (sc["period_precision"] == "month").all()
    assert not (sc["period_label"] == "2010-03").any(), "the spurious all-zero 2010-03 line must be dropped"
    assert sc["period_label"].min() == "2010-04" and sc["period_label"].max() == "2019-11"
    expected_ids = "sc-" + sc["country"].str.lower() + "-" + sc["period_label"] + "-" + sc["vendor"]
    assert (sc["observation_id"] == expected_ids).all()
    for country in ("USA", "CHN"):
        months = sc[sc["country"] == country]["period_label"].nunique()
        assert months == 116, f"{country}: {months} months"
        for vendor in ("samsung", "lg", "huawei", "apple", "xiaomi"):
            assert (sc[(sc["country"] == country) & (sc["vendor"] == vendor)]["period_label"].nunique()) == 116


@pytest.mark.parametrize(
    ("country", "period", "vendor", "flagged"),
    [
        ("CHN", "2019-10", "google", True),
        ("CHN", "2019-10", "samsung", True),
        ("CHN", "2019-10", "xiaomi", True),
        ("CHN", "2019-11", "apple", True),
        ("CHN", "2019-11", "xiaomi", True),
        ("CHN", "2017-04", "apple", True),
        ("CHN", "2018-08", "vivo", True),
        ("CHN", "2019-09", "xiaomi", False),
        ("CHN", "2014-02", "xiaomi", False),
        ("USA", "2019-11", "apple", False),
    ],
)
def test_china_anomalies_flagged(share, country, period, vendor, flagged):
    row = one(share, country, period, vendor, "web_usage_share")
    assert (row["quality_flag"] == "anomaly") is flagged
    if flagged:
        assert row["note"], "an anomaly needs an explanation"


def test_whole_anomalous_months_flagged_and_usa_clean(share):
    sc = share[share["source_id"].isin(SC_SOURCES)]
    for period in ("2019-10", "2019-11"):
        month = sc[(sc["country"] == "CHN") & (sc["period_label"] == period)]
        assert len(month) > 0 and (month["quality_flag"] == "anomaly").all()
    assert (sc[sc["country"] == "USA"]["quality_flag"] == "").all()


def test_less_than_values_are_upper_bounds(share):
    bounded = share[share["quality_flag"] == "upper_bound"]
    assert len(bounded) >= 2
    assert (bounded["value"] == 1).all()
    assert bounded["note"].str.startswith("reported as less than 1%").all()
    assert one(share, "KOR", "2018-06", "huawei", "web_usage_share")["quality_flag"] == "upper_bound"
    assert one(share, "IDN", "2018-Q2", "apple", "shipment_share")["quality_flag"] == "upper_bound"


def test_partial_periods_are_flagged_and_explained(share):
    for country, period, vendor in (("IDN", "2022", "oppo"), ("JPN", "2019", "apple")):
        row = one(share, country, period, vendor, "shipment_share")
        assert row["quality_flag"] == "partial_period" and row["note"]


def test_every_market_share_source_row_is_used(share):
    sources = pd.read_csv(paths.DATA_DIR / "sources" / "market_share.csv", dtype=str)
    unused = set(sources["source_id"]) - set(share["source_id"])
    # the AVCaesar page only corroborates the Statista survey (same cluster)
    assert unused <= {"avcaesar-3819-apple-france"}, unused


def test_converter_output_is_up_to_date():
    script = paths.ROOT / "tools" / "build_statcounter_share.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
