"""A small server-rendered SVG chart of recent runs: records as bars, duration as a line.

Both axes are labelled: runs along the bottom (oldest left), records on the left scale and
duration in seconds on the right scale.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class RunPoint:
    label: str
    records: int
    seconds: float
    failed: bool


BAR = "#417690"
FAILED = "#ba2121"
LINE = "#b07800"


def runs_chart_svg(points: Sequence[RunPoint], *, width: int = 720, height: int = 200) -> str:
    """SVG markup (no JavaScript) for ``points``, oldest first. Empty input → a short note."""
    if not points:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="24" role="img">'
            '<text x="0" y="16">No runs yet.</text></svg>'
        )
    left, right, top, bottom = 64, 64, 24, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    base = top + inner_h
    max_records = max(p.records for p in points) or 1
    max_seconds = max(p.seconds for p in points) or 1.0
    step = inner_w / len(points)
    bar_w = max(2.0, step * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" '
        'role="img" aria-label="Records and duration of recent runs" class="runs-chart" '
        'font-family="sans-serif" font-size="11">',
        # Legend.
        f'<rect x="{left}" y="4" width="10" height="10" fill="{BAR}"/>'
        f'<text x="{left + 14}" y="13">records read</text>'
        f'<rect x="{left + 100}" y="4" width="10" height="10" fill="{FAILED}"/>'
        f'<text x="{left + 114}" y="13">failed run</text>'
        f'<line x1="{left + 190}" y1="9" x2="{left + 206}" y2="9" stroke="{LINE}" '
        f'stroke-width="2"/><text x="{left + 210}" y="13">duration</text>',
        # Axes with their scales and titles.
        f'<g stroke="#999" stroke-width="1"><line x1="{left}" y1="{top}" x2="{left}" '
        f'y2="{base}"/><line x1="{left}" y1="{base}" x2="{left + inner_w}" y2="{base}"/>'
        f'<line x1="{left + inner_w}" y1="{top}" x2="{left + inner_w}" y2="{base}"/></g>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{max_records:,}</text>'
        f'<text x="{left - 4}" y="{base}" text-anchor="end">0</text>'
        f'<text x="{left + inner_w + 4}" y="{top + 4}">{max_seconds:,.1f} s</text>'
        f'<text x="{left + inner_w + 4}" y="{base}">0 s</text>',
        f'<text class="axis-title" transform="translate(14 {top + inner_h / 2:.0f}) rotate(-90)" '
        'text-anchor="middle">Records</text>',
        f'<text class="axis-title" transform="translate({width - 8} {top + inner_h / 2:.0f}) '
        'rotate(90)" text-anchor="middle">Duration (s)</text>',
        f'<text x="{left}" y="{base + 14}">{escape(points[0].label)}</text>'
        f'<text x="{left + inner_w}" y="{base + 14}" text-anchor="end">'
        f"{escape(points[-1].label)}</text>",
        f'<text class="axis-title" x="{left + inner_w / 2:.0f}" y="{height - 6}" '
        'text-anchor="middle">Run (oldest to newest)</text>',
    ]
    line = []
    for i, p in enumerate(points):
        x = left + i * step + (step - bar_w) / 2
        h = inner_h * p.records / max_records
        colour = FAILED if p.failed else BAR
        title = escape(f"{p.label}: {p.records:,} records, {p.seconds:.1f}s")
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{title}</title></rect>'
        )
        cy = base - inner_h * p.seconds / max_seconds
        line.append(f"{x + bar_w / 2:.1f},{cy:.1f}")
    parts.append(
        f'<polyline points={quoteattr(" ".join(line))} fill="none" stroke="{LINE}" '
        'stroke-width="2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def run_points(rows: Sequence[dict], *, failed_status: str) -> list[RunPoint]:
    """Chart points from run rows (``id``, ``records_read``, ``started_at``, ``finished_at``,
    ``status``), given newest first as lists show them; the chart wants oldest first."""
    return [
        RunPoint(
            label=f"#{r['id']}",
            records=r["records_read"],
            seconds=(
                (r["finished_at"] - r["started_at"]).total_seconds()
                if r["started_at"] and r["finished_at"]
                else 0.0
            ),
            failed=r["status"] == failed_status,
        )
        for r in reversed(rows)
    ]
