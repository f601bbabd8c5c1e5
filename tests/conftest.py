"""Shared pytest fixtures."""

import frames
import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def clear_streamlit_caches():
    """AppTests share the process: clear st.cache_data / st.cache_resource so no test sees another's data."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


SMALL_EVENTS = """event_id,company,country,date,date_precision,date_basis,date_note,event_type,stage,status,product_lines,products,partners,competitors,summary,source_ids
kr-eco,xiaomi,KOR,2016-03,month,inferred,Late March coverage.,distribution_partnership,ecosystem,happened,wearables,Mi Band,Koma Trade,samsung,Two firms sell Xiaomi accessories.,src-a;src-b
kr-launch,xiaomi,KOR,2016-07-12,day,stated,,official_launch,phones_official,happened,smartphones,Redmi Note 3,SK Telecom,,Xiaomi launches phones with <b>a carrier</b>.,src-c
sg-launch,xiaomi,SGP,2014-02-21,day,stated,,official_launch,phones_official,happened,smartphones,Redmi,,,Xiaomi launches in Singapore.,src-c
fr-rumour,xiaomi,FRA,2017-Q2,quarter,inferred,,plan_statement,planned,rumoured,smartphones,,,,Reports say Xiaomi plans to enter France.,src-d
kr-samsung,samsung,KOR,2016,year,inferred,,competitor_reaction,none,happened,,,,xiaomi,Samsung comments on Xiaomi.,src-a
"""  # noqa: E501
SMALL_SOURCES = """source_id,outlet,title,author,language,published,published_precision,published_basis,published_note,url,kind,reliability,cluster,notes
src-a,Korea Daily,,,ko,2016-03,month,stated,,https://example.com/a,news,strong,kr-2016-03,
src-b,Copy Site,,,en,2016-03,month,stated,,https://example.org/b,news,weak,kr-2016-03,
src-c,Tech News,,,en,2016-07-12,day,stated,,https://example.net/c,news,strong,,
src-d,Le Journal,,,fr,2017-05,month,stated,,https://example.fr/d,news,strong,,
src-e,Analyst Firm,,,en,2016-05,month,stated,,https://example.com/e,analyst_figure,strong,,
"""  # noqa: E501
SMALL_SHARE = """observation_id,country,period,period_precision,vendor,metric,firm,value,source_id,licence,quality_flag,note
kr-s-q1,KOR,2016-Q1,quarter,samsung,shipment_share,Analyst Firm,60,src-e,proprietary,,
kr-x-q1,KOR,2016-Q1,quarter,xiaomi,shipment_share,Analyst Firm,0.5,src-e,proprietary,,
kr-s-q2,KOR,2016-Q2,quarter,samsung,shipment_share,Analyst Firm,58,src-e,proprietary,,
kr-x-q2,KOR,2016-Q2,quarter,xiaomi,shipment_share,Analyst Firm,1.5,src-e,proprietary,,
"""  # noqa: E501
SMALL_CONFLICTS = """claim_id,conflict_id,topic,country,event_ids,observation_ids,claim,source_ids,assessment
c1,kr-when,When the launch happened,KOR,kr-launch,,It was in July.,src-c,Most sources say July.
c2,kr-when,When the launch happened,KOR,kr-launch,,It was in August.,src-a,One source says August.
"""


@pytest.fixture
def small_atlas(tmp_path, monkeypatch):
    """A tiny hand-made data folder (KOR, SGP, FRA; one conflict; KOR market share), used via $ATLAS_DATA_DIR."""
    import shutil

    from components import paths

    for name in ("stages.csv", "event_types.csv", "companies.csv", "regions.csv", "product_lines.csv"):
        shutil.copy(paths.DATA_DIR / name, tmp_path / name)
    for folder, text in (("events", SMALL_EVENTS), ("sources", SMALL_SOURCES), ("market_share", SMALL_SHARE)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "small.csv").write_text(text, encoding="utf-8")
    (tmp_path / "conflicts.csv").write_text(SMALL_CONFLICTS, encoding="utf-8")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path))
    return tmp_path


@pytest.fixture
def vectorised_everywhere(monkeypatch):
    """Use the pyarrow reader and the vectorised checks even on tiny files (they switch on at 500 rows / 64 kB)."""
    frames.set_thresholds(monkeypatch, 0, 0)


@pytest.fixture
def exact_everywhere(monkeypatch):
    """Use the csv module and the value-by-value checks even on huge files: the exact path of the same code."""
    frames.set_thresholds(monkeypatch, 10**12, 10**12)
