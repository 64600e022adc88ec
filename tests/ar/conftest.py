import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Document files written by tests land in a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
