"""Convert the two StatCounter monthly vendor CSVs (US, China) into data/market_share/statcounter_us_cn.csv.

Input:  tools/inputs/statcounter/statcounter-vendor-{US,CN}-monthly-2010-04_2019-11.csv
        (StatCounter Global Stats exports as published in github.com/flexlev/double_race_chart).
Output: data/market_share/statcounter_us_cn.csv, long format, one row per (country, month, vendor),
        sorted by (country, period, vendor); ids like sc-usa-2019-11-apple. Running it twice gives the same bytes.

Run:    python tools/build_statcounter_share.py            (writes the file)
        python tools/build_statcounter_share.py --check    (exit 1 if the file on disk differs)

Quirks handled (see also the notes column of the output):
* The last line of each export is a spurious all-zero "2010-03" row: dropped (any all-zero month is dropped).
* US file has both "Samsung" and a misspelt "Sumsung" column (0.02-0.14 from 2018-09). The Samsung column is
  kept exactly as published (it matches StatCounter's own Samsung figure, e.g. 26.33 in 2019-11); "Sumsung" is
  NOT merged into it (it is a separate device label, possibly clones) and is not converted.
* China file: 2017-04 (Apple 43.69 for one month) and 2019-10 / 2019-11 (Google 24.01 and Samsung 12.84 in
  2019-10, Hisense 16.78 in 2019-11) are implausible one-month jumps. Shares are relative, so a spike in one
  column distorts every vendor that month: every converted row of those months gets quality_flag=anomaly.
* China file: the "Vivo" column stays near zero until 2019-07 while Vivo devices appear to be counted under
  "BBK" (Vivo's parent) and, from 2017-02, under "Mobicel" (a South African brand, 2-9% in China). We do not
  relabel columns: the Vivo column is converted as published and every CN vivo row is flagged anomaly.
* Only columns whose lower-cased name is a company_id in data/companies.csv are converted (Unknown, Other,
  BBK, RIM, Mobicel, Hisense, ... are not).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components import paths

LICENCE = "CC BY-SA 3.0 (StatCounter Global Stats)"
METRIC = "web_usage_share"
FIRM = "StatCounter"
INPUT_DIR = paths.ROOT / "tools" / "inputs" / "statcounter"  # StatCounter Global Stats exports, CC BY-SA 3.0
OUTPUT = paths.DATA_DIR / "market_share" / "statcounter_us_cn.csv"
HEADER = [
    "observation_id",
    "country",
    "period",
    "period_precision",
    "vendor",
    "metric",
    "firm",
    "value",
    "source_id",
    "licence",
    "quality_flag",
    "note",
]
SERIES = (
    # (file in INPUT_DIR, ISO3, id prefix, source_id)
    ("statcounter-vendor-US-monthly-2010-04_2019-11.csv", "USA", "sc-usa", "statcounter-usa-mobile-vendor"),
    ("statcounter-vendor-CN-monthly-2010-04_2019-11.csv", "CHN", "sc-chn", "statcounter-chn-mobile-vendor"),
)
# Whole months whose figures are distorted in the source: country -> {period: reason}.
ANOMALOUS_MONTHS = {
    "CHN": {
        "2017-04": "Anomalous month in the StatCounter China export: Apple jumps to 43.69 (26.89 before, 28.19 after); "
        "shares are relative, so every vendor this month is distorted.",
        "2019-10": "Anomalous month in the StatCounter China export: Google 24.01 and Samsung 12.84 (about 1 and 2 "
        "in neighbouring months) halve Huawei, Xiaomi and Oppo; every vendor this month is distorted.",
        "2019-11": "Anomalous month in the StatCounter China export: a Hisense column jumps to 16.78 (0.01 until "
        "mid-2019) and Apple drops to 16.09; every vendor this month is distorted.",
    },
}
CN_VIVO_NOTE = (
    "StatCounter's China 'Vivo' column is near zero while Vivo devices appear under 'BBK' (its parent) and, "
    "from 2017-02, 'Mobicel' (2-9%); converted as published, not relabelled; do not read as Vivo's share."
)
US_SAMSUNG_NOTE = "Samsung column as published; a separate misspelt 'Sumsung' column ({sumsung}) is not merged."
HISENSE_NOTE = (
    "Caution: a 'Hisense' column rises to {hisense} this month (0.01 until mid-2019), so other vendors may be "
    "understated."
)


def company_ids() -> set[str]:
    with (paths.DATA_DIR / "companies.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["company_id"].strip() for row in csv.DictReader(handle)}


def read_export(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{key.strip(): value.strip() for key, value in row.items()} for row in reader]
        return [name.strip() for name in reader.fieldnames or []], rows


def is_all_zero(row: dict[str, str]) -> bool:
    return all(float(value) == 0 for key, value in row.items() if key != "Date")


def convert() -> list[list[str]]:
    known = company_ids()
    out: list[list[str]] = []
    for file_name, country, prefix, source_id in SERIES:
        columns, rows = read_export(INPUT_DIR / file_name)
        vendor_columns = {name: name.lower() for name in columns if name != "Date" and name.lower() in known}
        anomalies = ANOMALOUS_MONTHS.get(country, {})
        for row in rows:
            if is_all_zero(row):  # the spurious trailing 2010-03 line
                continue
            period = row["Date"]
            for column, vendor in vendor_columns.items():
                flag, notes = "", []
                if period in anomalies:
                    flag = "anomaly"
                    notes.append(anomalies[period])
                if country == "CHN" and vendor == "vivo":
                    flag = "anomaly"
                    notes.append(CN_VIVO_NOTE)
                if country == "CHN" and "2019-07" <= period <= "2019-09" and float(row.get("Hisense", "0")) > 1:
                    notes.append(HISENSE_NOTE.format(hisense=row["Hisense"]))
                if country == "USA" and vendor == "samsung" and float(row.get("Sumsung", "0") or 0) > 0:
                    notes.append(US_SAMSUNG_NOTE.format(sumsung=row["Sumsung"]))
                out.append(
                    [
                        f"{prefix}-{period}-{vendor}",
                        country,
                        period,
                        "month",
                        vendor,
                        METRIC,
                        FIRM,
                        row[column],
                        source_id,
                        LICENCE,
                        flag,
                        " ".join(notes),
                    ]
                )
    out.sort(key=lambda r: (r[1], r[2], r[4]))
    return out


def render(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    text = render(convert())
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date; run tools/build_statcounter_share.py")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
