"""The prisoner dataset: schema, loading, validation, overlay, search, staleness.

Names are imported from their modules on first use (PEP 562), so that code
needing only a constant (the command line's choices) does not load it all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "DatasetError": "errors",
    "load_dataset": "loader",
    "person_problems": "loader",
    "GROUPS": "vocabulary",
    "IMPRISONED_STATUSES": "vocabulary",
    "MEMORIAL_STATUSES": "vocabulary",
    "STATUSES": "vocabulary",
    "Dataset": "model",
    "DatasetInfo": "model",
    "Person": "model",
    "Source": "model",
    "Filters": "search",
    "SearchIndex": "search",
    "stale_people": "staleness",
    "DatasetStore": "store",
    "ImportReport": "store",
    "LoadedDataset": "store",
}

__all__ = [
    "GROUPS",
    "IMPRISONED_STATUSES",
    "MEMORIAL_STATUSES",
    "STATUSES",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "DatasetStore",
    "Filters",
    "ImportReport",
    "LoadedDataset",
    "Person",
    "SearchIndex",
    "Source",
    "load_dataset",
    "person_problems",
    "stale_people",
]

if TYPE_CHECKING:
    from actionkit.core.dataset.errors import DatasetError
    from actionkit.core.dataset.loader import load_dataset, person_problems
    from actionkit.core.dataset.model import Dataset, DatasetInfo, Person, Source
    from actionkit.core.dataset.search import Filters, SearchIndex
    from actionkit.core.dataset.staleness import stale_people
    from actionkit.core.dataset.store import DatasetStore, ImportReport, LoadedDataset
    from actionkit.core.dataset.vocabulary import (
        GROUPS,
        IMPRISONED_STATUSES,
        MEMORIAL_STATUSES,
        STATUSES,
    )


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
