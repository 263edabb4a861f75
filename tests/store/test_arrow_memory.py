"""Arrow's buffers in the writing process come from glibc (setting ``arrow_pool``, issue 8); what that
saves in a long ingest is measured by benchmarks/throughput.py, not here (a few writes alone do not show it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from dyadwatch.errors import UsageError
from dyadwatch.settings import Settings, load_settings
from dyadwatch.store import StoreWriter
from dyadwatch.store.arrow_memory import use_arrow_pool


@pytest.fixture(autouse=True)
def _arrow_pool_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


def test_the_setting_defaults_to_glibc_and_reads_from_the_environment() -> None:
    assert Settings().arrow_pool == "system"
    assert load_settings({"DYADWATCH_ARROW_POOL": "mimalloc"}).arrow_pool == "mimalloc"


@pytest.mark.parametrize("name", ["system", "mimalloc"])
def test_a_named_pool_becomes_arrows_default(name: str) -> None:
    assert use_arrow_pool(name) == name
    assert pa.default_memory_pool().backend_name == name


@pytest.mark.parametrize("name", [None, ""])
def test_no_name_leaves_arrows_choice(name: str | None) -> None:
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    assert use_arrow_pool(name) == "mimalloc"


def test_the_users_own_arrow_variable_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    assert use_arrow_pool("system") == "mimalloc"


def test_an_unknown_pool_is_refused_with_the_names_that_work() -> None:
    with pytest.raises(UsageError) as err:
        use_arrow_pool("tcmalloc")
    assert "tcmalloc" in str(err.value) and "system" in (err.value.fix or "")


@pytest.mark.parametrize(("arrow_pool", "expected"), [("system", "system"), (None, "mimalloc")])
def test_opening_a_writer_sets_its_pool(tmp_path: Path, arrow_pool: str | None, expected: str) -> None:
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    with StoreWriter(tmp_path / "p.duckdb", snapshots=False, arrow_pool=arrow_pool):
        assert pa.default_memory_pool().backend_name == expected
