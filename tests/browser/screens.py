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
    """How many pixels of content need a horizontal scroll (0 or less: none).

    The page itself and every element that scrolls sideways on its own (the admin wraps
    change lists in ``.results`` with ``overflow-x: auto``, which hides columns instead of
    widening the page).
    """
    return page.evaluate(
        """() => {
            const doc = document.documentElement;
            let worst = Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
            for (const el of document.querySelectorAll('#content *')) {
                const style = getComputedStyle(el);
                if (['auto', 'scroll', 'hidden'].includes(style.overflowX)
                        && el.clientWidth > 1) {  // 1 px: visually hidden text
                    worst = Math.max(worst, el.scrollWidth - el.clientWidth);
                }
            }
            return worst;
        }"""
    )
