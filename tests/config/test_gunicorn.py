"""The web workers' settings (config/gunicorn.conf.py)."""

import gc
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


@pytest.fixture
def collector():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_worker_puts_what_it_loaded_out_of_the_collectors_sight(collector, monkeypatch):
    """Once the app is loaded, its objects are frozen and young objects are collected every 10,000 allocations."""
    monkeypatch.delenv("GC_GEN0_THRESHOLD", raising=False)
    conf = runpy.run_path(str(CONF))
    older = gc.get_threshold()[1:]
    conf["post_worker_init"](worker=None)
    assert gc.get_freeze_count() > 1000
    assert gc.get_threshold() == (10_000, *older)


def test_the_threshold_comes_from_the_environment_and_zero_keeps_pythons(collector, monkeypatch):
    monkeypatch.setenv("GC_GEN0_THRESHOLD", "0")
    before = gc.get_threshold()
    runpy.run_path(str(CONF))["post_worker_init"](worker=None)
    assert gc.get_threshold() == before
