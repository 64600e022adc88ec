"""Screenshots of the screens browser tests visit, for people to look at.

They go to ``$BROWSER_SCREENSHOTS`` when set (a directory), else to the test's tmp dir.
"""

import os
from pathlib import Path

WIDTH = 1400


def shoot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
