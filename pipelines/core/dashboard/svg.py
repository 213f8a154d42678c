"""Small SVG charts drawn on the server, so a dashboard needs no chart library and works offline."""

from __future__ import annotations

from html import escape

PALETTE = ["#2e7d5b", "#c17c1a", "#3b6ea8", "#8e4f9c", "#b03a2e", "#5d6d7e", "#1b998b", "#a0522d"]


def line_chart(title: str, labels: list[str], series: dict[str, list[float | None]], unit: str,
               width: int = 640, height: int = 240) -> str:
    """Lines over shared x labels, values in `unit`; None leaves a gap."""
    pad_l, pad_b, pad_t, pad_r = 48, 36, 28, 12
    values = [v for vs in series.values() for v in vs if v is not None]
    top = max(values) * 1.1 if values else 1.0
    top = top or 1.0
    n = max(len(labels), 2)

    def x(i: int) -> float:
        return pad_l + i * (width - pad_l - pad_r) / (n - 1)

    def y(v: float) -> float:
        return height - pad_b - v / top * (height - pad_t - pad_b)

    parts = [_frame(title, width, height),
             *(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(top * f / 1.1):.1f}" y2="{y(top * f / 1.1):.1f}" '
               f'class="grid"/><text x="{pad_l - 6}" y="{y(top * f / 1.1) + 4:.1f}" class="axis" text-anchor="end">'
               f'{_tick(top * f / 1.1)}</text>' for f in (0, 0.5, 1))]
    step = max(1, len(labels) // 8)
    parts += [f'<text x="{x(i):.1f}" y="{height - pad_b + 16}" class="axis" text-anchor="middle">{escape(lb)}</text>'
              for i, lb in enumerate(labels) if i % step == 0]
    for k, (name, vs) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        segments, current = [], []
        for i, v in enumerate(vs):
            if v is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{x(i):.1f},{y(v):.1f}")
        if current:
            segments.append(current)
        for seg in segments:
            parts.append(f'<polyline class="series" fill="none" stroke="{color}" stroke-width="2" '
                         f'points="{" ".join(seg)}"><title>{escape(name)}</title></polyline>')
        parts.append(f'<text x="{_legend_x(list(series), k, pad_l)}" y="{pad_t - 8}" fill="{color}" '
                     f'class="legend">■ {escape(name)}</text>')
    return "".join(parts) + "</svg>"


def bar_chart(title: str, labels: list[str], series: dict[str, list[float]], unit: str,
              width: int = 640, height: int = 260, stacked: bool = False) -> str:
    """Grouped (or stacked) vertical bars."""
    pad_l, pad_b, pad_t, pad_r = 56, 44, 28, 12
    totals = [sum(vs[i] for vs in series.values()) for i in range(len(labels))] if stacked else \
        [max((vs[i] for vs in series.values()), default=0) for i in range(len(labels))]
    top = (max(totals) if totals else 1) * 1.1 or 1.0
    group = (width - pad_l - pad_r) / max(len(labels), 1)
    bar = group * 0.8 / (1 if stacked else max(len(series), 1))

    def h(v: float) -> float:
        return v / top * (height - pad_t - pad_b)

    parts = [_frame(title, width, height)]
    for i, label in enumerate(labels):
        base = height - pad_b
        for k, (name, vs) in enumerate(series.items()):
            v = vs[i] or 0.0
            left = pad_l + i * group + group * 0.1 + (0 if stacked else k * bar)
            top_y = base - h(v)
            parts.append(f'<rect class="bar" x="{left:.1f}" y="{top_y:.1f}" width="{bar:.1f}" height="{h(v):.1f}" '
                         f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(label)} · {escape(name)}: '
                         f'{v:,.1f} {escape(unit)}</title></rect>')
            if stacked:
                base = top_y
        parts.append(f'<text x="{pad_l + (i + 0.5) * group:.1f}" y="{height - pad_b + 16}" class="axis" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for k, name in enumerate(series):
        parts.append(f'<text x="{_legend_x(list(series), k, pad_l)}" y="{pad_t - 8}" '
                     f'fill="{PALETTE[k % len(PALETTE)]}" class="legend">■ {escape(name)}</text>')
    return "".join(parts) + "</svg>"


def sankey(title: str, links: list[tuple[str, str, float]], unit: str, width: int = 640, height: int = 300) -> str:
    """Two columns: sources on the left, targets on the right, links as bands of proportional width."""
    sources = sorted({s for s, _, _ in links})
    targets = sorted({t for _, t, _ in links})
    total = sum(v for _, _, v in links) or 1.0
    pad, gap, node_w = 28, 8, 14
    usable = height - 2 * pad - gap * max(len(sources), len(targets))
    scale = usable / total

    def place(names: list[str], side: str) -> dict[str, list[float]]:
        y, out = float(pad), {}
        for n in names:
            size = sum(v for s, t, v in links if (s if side == "s" else t) == n) * scale
            out[n] = [y, y]  # [top, cursor]
            y += size + gap
        return out

    src, dst = place(sources, "s"), place(targets, "t")
    x0, x1 = 170, width - 170
    parts = [_frame(title, width, height)]
    for s, t, v in sorted(links):
        band = v * scale
        ys, yt = src[s][1], dst[t][1]
        src[s][1] += band
        dst[t][1] += band
        mid = (x0 + x1) / 2
        parts.append(
            f'<path class="link" d="M{x0 + node_w},{ys:.1f} C{mid},{ys:.1f} {mid},{yt:.1f} {x1},{yt:.1f} '
            f'L{x1},{yt + band:.1f} C{mid},{yt + band:.1f} {mid},{ys + band:.1f} {x0 + node_w},{ys + band:.1f} Z" '
            f'fill="{PALETTE[sources.index(s) % len(PALETTE)]}" fill-opacity="0.45">'
            f'<title>{escape(s)} → {escape(t)}: {v:,.0f} {escape(unit)}</title></path>')
    for names, pos, x, anchor, dx in ((sources, src, x0, "end", -6), (targets, dst, x1, "start", node_w + 6)):
        for n in names:
            top, bottom = pos[n][0], pos[n][1]
            size = max(bottom - top, 1)
            parts.append(f'<rect class="node" x="{x}" y="{top:.1f}" width="{node_w}" height="{size:.1f}" '
                         f'fill="#34495e"/><text x="{x + dx}" y="{(top + bottom) / 2 + 4:.1f}" class="axis" '
                         f'text-anchor="{anchor}">{escape(n)}</text>')
    return "".join(parts) + "</svg>"


def _tick(value: float) -> str:
    """An axis label that fits the margin: 41.6k, 350, 0.48."""
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k"
    if abs(value) >= 1_000:
        return f"{value / 1000:,.1f}k"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2f}"


def _legend_x(names: list[str], k: int, left: int) -> int:
    """Legend entries side by side, each as wide as its text (about 6.5 px a character at 12 px)."""
    return left + 8 + sum(int(len(n) * 6.5) + 28 for n in names[:k])


def _frame(title: str, width: int, height: int) -> str:
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')
