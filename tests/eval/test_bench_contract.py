"""`make bench` runs every eval/bench/*_bench.py as ``main([])`` and reads back a dict: each must take that call."""

from __future__ import annotations

import importlib
import inspect
import typing

import pytest

from eval.bench.__main__ import bench_modules


@pytest.mark.parametrize("name", bench_modules())
def test_every_benchmark_main_takes_an_argument_list_and_returns_a_dict(name: str) -> None:
    main = importlib.import_module(name).main
    signature = inspect.signature(main)
    signature.bind([])  # the runner's call must bind
    returns = typing.get_type_hints(main).get("return")
    assert typing.get_origin(returns) is dict or returns is dict, f"{name}.main must return its figures as a dict"
