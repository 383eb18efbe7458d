from __future__ import annotations

import pytest

from actionkit.core.dataset import DatasetStore, LoadedDataset


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadedDataset:
    from actionkit.core.paths import resolve_paths

    return DatasetStore(resolve_paths(tmp_path_factory.mktemp("home"))).load()
