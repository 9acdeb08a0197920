"""Small server-side SVG charts: no JavaScript, no request leaves the machine."""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 22
LABEL_WIDTH = 190
CHART_WIDTH = 560


def bar_chart(title: str, data: list[tuple[str, float]], unit: str = "", links: list[str | None] | None = None) -> str:
    """A horizontal bar chart as an inline SVG string (labels escaped); with ``links``, each bar and its
    label is a link (``links[i]`` for ``data[i]``; None: no link)."""
    if not data:
        return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="empty">no data</p></figure>'
    top = max(value for _label, value in data) or 1
    height = BAR_HEIGHT * len(data) + 10
    bars = []
    for index, (label, value) in enumerate(data):
        y = 5 + index * BAR_HEIGHT
        width = max(1.0, (CHART_WIDTH - LABEL_WIDTH - 70) * value / top)
        shown = f"{value:g}{unit}"
        bar = (f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(str(label))}</text>'
               f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{BAR_HEIGHT - 6}" rx="2"></rect>'
               f'<text x="{LABEL_WIDTH + width + 5:.1f}" y="{y + 15}" class="value">{escape(shown)}</text>')
        link = links[index] if links and index < len(links) else None
        bars.append(f'<a href="{escape(link)}" class="bar-link">{bar}</a>' if link else bar)
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg role="img" aria-label="{escape(title)}" width="{CHART_WIDTH}" height="{height}" '
            f'viewBox="0 0 {CHART_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg></figure>')
