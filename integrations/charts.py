"""A small server-rendered SVG chart of recent runs: records as bars, duration as a line."""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class RunPoint:
    label: str
    records: int
    seconds: float
    failed: bool


def runs_chart_svg(points: Sequence[RunPoint], *, width: int = 640, height: int = 160) -> str:
    """SVG markup (no JavaScript) for ``points``, oldest first. Empty input → a short note."""
    if not points:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="24" role="img">'
            '<text x="0" y="16">No runs yet.</text></svg>'
        )
    pad, axis = 30, 14
    inner_w, inner_h = width - 2 * pad, height - pad - axis
    max_records = max(p.records for p in points) or 1
    max_seconds = max(p.seconds for p in points) or 1.0
    step = inner_w / len(points)
    bar_w = max(2.0, step * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'role="img" aria-label="Records and duration of recent runs" class="runs-chart">',
        f'<text x="{pad}" y="12" font-size="11">records (bars, max {max_records:,})'
        f" · duration (line, max {max_seconds:.1f}s)</text>",
    ]
    line = []
    for i, p in enumerate(points):
        x = pad + i * step + (step - bar_w) / 2
        h = inner_h * p.records / max_records
        y = axis + inner_h - h
        colour = "#ba2121" if p.failed else "#417690"
        title = escape(f"{p.label}: {p.records:,} records, {p.seconds:.1f}s")
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{title}</title></rect>'
        )
        cy = axis + inner_h - inner_h * p.seconds / max_seconds
        line.append(f"{x + bar_w / 2:.1f},{cy:.1f}")
    parts.append(
        f'<polyline points={quoteattr(" ".join(line))} fill="none" stroke="#e0a800" '
        'stroke-width="2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
