"""Display tables: list cells joined, product lines by their labels, each event's source addresses."""

import pandas as pd
import pytest

from components.queries.tables import join_labels, join_list

LABELS = {"smartphones": "Smartphones", "financial_services": "Financial services"}


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["smartphones"], "Smartphones"),
        (["smartphones", "financial_services"], "Smartphones, Financial services"),
        (["smartphones", "no_such_line"], "Smartphones, no_such_line"),  # an unknown id as written
        ([], ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_product_lines_by_their_labels(items, expected):
    assert join_labels(items, LABELS) == expected


@pytest.mark.parametrize(("items", "expected"), [(["a", "b"], "a, b"), ([], ""), ("a", ""), (None, "")])
def test_list_cells_are_joined(items, expected):
    assert join_list(items) == expected


def test_event_tables_show_product_line_labels_and_every_source(small_atlas):
    from components.model.load import load_model
    from components.queries.tables import event_table, source_links

    model = load_model(small_atlas)
    events = model.events
    table = event_table(model, events)
    lines = set(model.products["label"])
    assert all(not cell or set(cell.split(", ")) <= lines for cell in table["product lines"])
    links = source_links(model, events)
    urls = dict(zip(model.sources["source_id"].astype(str), model.sources["url"].astype(str), strict=True))
    assert links == [tuple(urls[str(s)] for s in ids) for ids in events["source_ids"]]
    assert isinstance(table, pd.DataFrame) and len(table) == len(links)
