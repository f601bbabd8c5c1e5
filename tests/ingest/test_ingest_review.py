"""The review step cannot break the atlas: both files or neither, one writer, slugs, paths, odd input, kills."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from review_cases import candidate, snapshot

from components import paths
from components.ingest import writer
from components.ingest.__main__ import main
from components.ingest.review import candidates_to_event_rows, source_row
from components.ingest.writer import LOCK_NAME, ReviewLocked, recover, write_reviewed
from components.model import load_model

STEPS = ["locked", "temp:sources", "temp:events", "validated", "renamed:sources", "renamed:events", "unlocked"]


def rows(source_id="kill-test"):
    return candidates_to_event_rows([candidate()], source_id), source_row(
        source_id, "Outlet", "https://example.org/", "fr"
    )


def run_cli(*args, **kwargs):
    command = [sys.executable, "-m", "components.ingest", *map(str, args)]
    return subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, timeout=300, **kwargs)


@pytest.mark.parametrize("source_id", ["../evil", "Bad Id", "a" * 81, "-x", "x/y", "", "é"])
def test_source_ids_must_be_slugs(data_copy, source_id):
    before = snapshot(data_copy)
    events, source = rows(source_id)
    with pytest.raises(ValueError, match="slug"):
        write_reviewed(events, source, data_copy)
    assert snapshot(data_copy) == before


def test_written_paths_stay_inside_the_data_folder(data_copy, tmp_path):
    outside = tmp_path / "outside"
    shutil.move(data_copy / "events", outside)
    (data_copy / "events").symlink_to(outside, target_is_directory=True)
    events, source = rows()
    with pytest.raises(ValueError, match="outside the data folder"):
        write_reviewed(events, source, data_copy)
    assert not list(outside.glob("ingested-*")) and not (data_copy / "sources" / "ingested-kill-test.csv").exists()


ODD = {
    "numbers": [1, 2],
    "null": [None],
    "integer-product-lines": [candidate(product_lines=5)],
    "integer-in-list": [candidate(partners=["Fnac", 3])],
    "integer-country": [candidate(country=250)],
    "object": {"country": "FRA"},
    "empty": [],
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_candidate_json_gives_a_clear_message(tmp_path, data_copy, name):
    file = tmp_path / "candidates.json"
    file.write_text(json.dumps(ODD[name]), encoding="utf-8")
    result = run_cli("review", file, "--source-id", "odd", "--outlet", "X", "--data-dir", data_copy)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content", [b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe\x00bad", b"[{"], ids=["deep", "not-utf8", "cut"]
)
def test_unreadable_candidates_give_a_clear_message(tmp_path, data_copy, content):
    file = tmp_path / "candidates.json"
    file.write_bytes(content)
    result = run_cli("review", file, "--source-id", "odd", "--outlet", "X", "--data-dir", data_copy)
    assert result.returncode == 2 and "cannot read candidates" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_data_dir_gives_a_clear_message(tmp_path):
    file = tmp_path / "candidates.json"
    file.write_text(json.dumps([candidate()]), encoding="utf-8")
    result = run_cli("review", file, "--source-id", "x", "--outlet", "X", "--data-dir", tmp_path / "nope")
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("step", STEPS[:-1])
def test_ctrl_c_at_any_step_writes_nothing(data_copy, tmp_path, monkeypatch, capsys, step):
    before = snapshot(data_copy)
    file = tmp_path / "candidates.json"
    file.write_text(json.dumps([candidate()]), encoding="utf-8")

    def interrupt(name):
        if name == step:
            raise KeyboardInterrupt

    monkeypatch.setattr(writer, "FAULT_HOOK", interrupt)
    code = main(["review", str(file), "--source-id", "ctrl-c", "--outlet", "X", "--data-dir", str(data_copy)])
    assert code == 2 and "interrupted" in capsys.readouterr().err
    assert snapshot(data_copy) == before  # no file, no temporary file, no lock left


KILLER = textwrap.dedent(
    """
    import os, sys
    from components.ingest import writer
    from components.ingest.review import candidates_to_event_rows, source_row
    step = sys.argv[2]
    writer.FAULT_HOOK = lambda name: os._exit(9) if name == step else None
    candidate = {"country": "FRA", "event_type": "retail_partnership", "status": "happened", "date": "2019-03",
                 "date_precision": "month", "date_basis": "stated", "product_lines": ["audio"]}
    events = candidates_to_event_rows([candidate], "kill-test")
    writer.write_reviewed(events, source_row("kill-test", "Outlet", "https://example.org/", "fr"), sys.argv[1])
    """
)


@pytest.mark.parametrize("step", STEPS)
def test_a_writer_killed_at_any_step_leaves_both_files_or_neither(data_copy, tmp_path, step):
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    before = snapshot(data_copy)
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(data_copy), step], cwd=paths.ROOT, env=env, capture_output=True, timeout=300
    )
    assert killed.returncode == 9, killed.stderr
    assert list(private_tmp.iterdir()) == []  # no copy of the data folder anywhere
    load_model(data_copy)  # whatever was left, the atlas still loads (a source is renamed before its events)
    recover(data_copy)
    names = {path.as_posix() for path in set(snapshot(data_copy)) - set(before)}
    assert names in (set(), {"events/ingested-kill-test.csv", "sources/ingested-kill-test.csv"})
    assert not (data_copy / LOCK_NAME).exists() and not list(data_copy.rglob("*.tmp"))
    events, source = rows()
    if names:
        with pytest.raises(FileExistsError):
            write_reviewed(events, source, data_copy)
    else:
        write_reviewed(events, source, data_copy)  # the next review recovers and writes both
    assert "ing-kill-test-01" in set(load_model(data_copy).events["event_id"])


def test_a_second_writer_is_refused_and_a_stale_lock_is_recovered(data_copy):
    events, source = rows()
    lock = data_copy / LOCK_NAME
    lock.write_text(json.dumps({"pid": os.getpid(), "targets": [], "temps": []}), encoding="utf-8")
    with pytest.raises(ReviewLocked, match="another review"):
        write_reviewed(events, source, data_copy)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    half = data_copy / "sources" / "ingested-old.csv"
    half.write_text("source_id\n", encoding="utf-8")
    state = {"pid": int(dead.stdout), "targets": [str(half), str(data_copy / "events" / "ingested-old.csv")]}
    lock.write_text(json.dumps({**state, "temps": []}), encoding="utf-8")
    written = write_reviewed(events, source, data_copy)
    assert all(path.is_file() for path in written) and not half.exists() and not lock.exists()
