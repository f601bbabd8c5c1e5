"""What the review tests share: a valid candidate and a folder's bytes (the data_copy fixture is in conftest.py)."""


def candidate(**changes):
    """A candidate `review` accepts, with `changes` applied."""
    base = {
        "country": "FRA", "product_lines": ["audio"], "partners": ["Boulanger"], "competitors": ["apple"],
        "event_type": "retail_partnership", "status": "happened", "date": "2019-03-03", "date_precision": "day",
        "date_basis": "stated", "language": "fr", "published": "2019-03-05",
    }  # fmt: skip
    return {**base, **changes}


def snapshot(folder):
    """Every file under `folder` and its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
