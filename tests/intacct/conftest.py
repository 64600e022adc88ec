import pytest

from .sandbox_client import OPEN_CLIENTS


@pytest.fixture(autouse=True)
def _close_sandbox_clients():
    yield
    while OPEN_CLIENTS:
        OPEN_CLIENTS.pop().close()
