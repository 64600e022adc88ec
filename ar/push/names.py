"""Customer names as the write-back matches them: case and spacing ignored, accents kept."""


def name_key(name: str) -> str:
    """``"  Café   de  PARIS "`` and ``"café de paris"`` match; ``"Cafe de Paris"`` does not."""
    return " ".join((name or "").split()).casefold()
