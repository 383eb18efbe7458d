"""The prisoner dataset: schema, loading, validation, overlay, search, staleness."""

from actionkit.core.dataset.errors import DatasetError
from actionkit.core.dataset.loader import load_dataset, person_problems
from actionkit.core.dataset.model import (
    GROUPS,
    IMPRISONED_STATUSES,
    MEMORIAL_STATUSES,
    STATUSES,
    Dataset,
    DatasetInfo,
    Person,
    Source,
)
from actionkit.core.dataset.search import Filters, SearchIndex
from actionkit.core.dataset.staleness import stale_people
from actionkit.core.dataset.store import DatasetStore, ImportReport, LoadedDataset

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
