"""The domain's words, declared once: statuses, stages, date precisions, metrics, the subject company."""

from __future__ import annotations

LIST_SEPARATOR = ";"

SUBJECT = "xiaomi"  # the company the atlas is about (companies.csv role 'subject')
PHONE_LINE = "smartphones"  # the product line whose official sale makes a 'phones' stage
WORLD = "001"  # UN M.49 code of the world, for worldwide claims and figures

STATUSES = ("rumoured", "planned", "announced", "happened", "withdrawn")
RAISING_STATUS = "happened"  # the only status that raises a country's stage
PLAN_STATUSES = ("rumoured", "planned", "announced")  # reported but not (yet) happened: a country reads 'planned'
INTENT_STATUSES = ("planned", "rumoured")  # intentions and unconfirmed reports: their events carry 'planned' or 'none'

NO_STAGE = "none"
PLANNED = "planned"
ECOSYSTEM = "ecosystem"
PHONES_PARTNER = "phones_partner"
PHONES_OFFICIAL = "phones_official"
OWN_STORE = "own_store"
EXITED = "exited"
HOME = "home"
ENTRY_STAGES = (ECOSYSTEM, PHONES_PARTNER, PHONES_OFFICIAL, OWN_STORE, HOME)  # an actual entry, not only a plan
PHONE_STAGES = (PHONES_PARTNER, PHONES_OFFICIAL, OWN_STORE)

# What a happened event of a type does to its country's stage (event_types.csv column 'effect').
RAISES = "raises"  # raises the stage to the event's stage if that ranks higher
EXITS = "exits"  # the country reads 'exited'; a later entry starts again from nothing
CLOSES_OWN_STORES = "closes_own_stores"  # own retail ends: the stage falls to the highest other stage in force
CHANGES_NOTHING = "none"
STAGE_EFFECTS = (RAISES, EXITS, CLOSES_OWN_STORES, CHANGES_NOTHING)

DATE_PRECISIONS = ("day", "month", "quarter", "half", "year")
DATA_YEARS = (1990, 2100)  # the years a data date (event, publication, period) may fall in; others are errors
SHARE_RANGE = (0.0, 100.0)  # a market-share value is a percentage
DATE_BASES = ("stated", "inferred")
SOURCE_KINDS = ("news", "press_release", "analyst_figure", "statistics", "company", "reference", "blog")
SOURCE_RELIABILITY = ("strong", "weak")
WEAK = "weak"
COMPANY_ROLES = ("subject", "competitor", "vendor")
COMPETITOR_ROLE = "competitor"

MARKET_SHARE_METRICS = ("web_usage_share", "shipment_share", "sales_share", "survey_share", "installed_base_share")
METRIC_LABELS = {
    "web_usage_share": "Web usage share (StatCounter: share of mobile page views)",
    "shipment_share": "Shipment share (analyst sell-in shipments)",
    "sales_share": "Sales share (sell-through: units sold to consumers)",
    "survey_share": "Survey share (consumer surveys)",
    "installed_base_share": "Installed-base share (phones in use)",
}
ANOMALY = "anomaly"  # market_share quality_flag of a value that looks wrong in its source
