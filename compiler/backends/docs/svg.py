"""Drawings made at build time: a step chart of a dated parameter, and the flow of a worked example.

Both return a `view.Svg`: boxes, lines, paths and labels whose coordinates are strings with two
decimals, so the same IR gives the same bytes on every machine. `html.drawing` writes them out,
inline in the HTML pages and as .svg files beside the Markdown ones (code hosts strip inline SVG
from Markdown).
"""
from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from ... import ir
from .text import shorten
from .view import Svg

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 18, 46


@functools.lru_cache(maxsize=4096)   # a drawing repeats its few coordinates (values equal as numbers print alike)
def f(value: float | Decimal) -> str:
    """A coordinate with fixed decimals ('-0.00' never appears)."""
    text = f"{float(value):.2f}"
    return "0.00" if text == "-0.00" else text


def step_chart(parameter: ir.Parameter, title: str, value_text, date_text) -> Svg:
    """Value over time as a step line: each value from its start until the next one starts.

    `value_text(ParamValue)` and `date_text(date)` format the labels in the page's language."""
    values = parameter.values
    start = values[0].start
    last = values[-1]
    end = max([last.start + datetime.timedelta(days=365)] + [v.end + datetime.timedelta(days=1) for v in values if v.end])
    span = (end - start).days or 1
    top_value = max(v.value for v in values) * Decimal("1.15") or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime.date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(value: Decimal) -> float:
        return TOP + plot_h * (1 - float(value / top_value))

    lines = [(f(LEFT), f(TOP + plot_h), f(LEFT + plot_w), f(TOP + plot_h), "axis"),
             (f(LEFT), f(TOP), f(LEFT), f(TOP + plot_h), "axis")]
    texts = [(f(LEFT - 6), f(TOP + plot_h + 4), "end", "tick", "0")]
    path: list[str] = []
    tips = []
    last_label_x = -1e9
    row = 0
    for i, v in enumerate(values):
        x0 = x(v.start)
        following = values[i + 1].start if i + 1 < len(values) else None
        stop = v.end + datetime.timedelta(days=1) if v.end else (following or end)
        x1 = x(min(stop, end))
        yv = y(v.value)
        path.append(f"{'M' if not path else 'L'}{f(x0)},{f(yv)} H{f(x1)}")
        if v.end and (following is None or following > stop):   # a gap: the line drops to the axis
            path.append(f"M{f(x1)},{f(TOP + plot_h)}")
        lines.append((f(x0), f(TOP + plot_h), f(x0), f(TOP + plot_h + 5), "axis"))
        row = row + 1 if x0 - last_label_x < 70 and row < 2 else 0
        last_label_x = x0 if row == 0 else last_label_x
        texts.append((f(x0), f(TOP + plot_h + 16 + 11 * row), "middle", "tick", date_text(v.start)))
        texts.append((f(x0 + 3), f(yv - 5), "start", "value", value_text(v)))
        lines.append((f(LEFT - 4), f(yv), f(LEFT), f(yv), "axis"))
        tips.append((f(x0), f(TOP), f(max(x1 - x0, 1)), f(plot_h),
                     f"{date_text(v.start)}: {value_text(v)}" + (f" ({v.source})" if v.source else "")))
    return Svg(width=f(WIDTH), height=f(HEIGHT), title=title, lines=tuple(lines),
               paths=((" ".join(path), "step"),), texts=tuple(texts), tips=tuple(tips))


FLOW_W, BOX_H, GAP = 640, 50, 24


def flow(boxes: list[tuple[str, str, str]], title: str) -> Svg:
    """A column of boxes joined by arrows; each box is (citation, what, value)."""
    rects, lines, paths, texts = [], [], [], []
    y = 8.0
    for i, (cite, what, value) in enumerate(boxes):
        rects.append((f(8), f(y), f(FLOW_W - 16), f(BOX_H), "box"))
        texts.append((f(18), f(y + 19), "start", "cite", cite))
        texts.append((f(18), f(y + 38), "start", "what", shorten(what, 78)))
        texts.append((f(FLOW_W - 18), f(y + 19), "end", "val", value))
        if i + 1 < len(boxes):
            mid = FLOW_W / 2
            lines.append((f(mid), f(y + BOX_H), f(mid), f(y + BOX_H + GAP - 7), "arrow"))
            tip = y + BOX_H + GAP
            paths.append((f"M{f(mid - 5)},{f(tip - 8)} L{f(mid + 5)},{f(tip - 8)} L{f(mid)},{f(tip - 1)} Z", "head"))
        y += BOX_H + GAP
    height = y - GAP + 8
    tips = tuple((f(8), f(8 + i * (BOX_H + GAP)), f(FLOW_W - 16), f(BOX_H), f"{cite}: {what}")
                 for i, (cite, what, _) in enumerate(boxes))
    return Svg(width=f(FLOW_W), height=f(height), title=title, rects=tuple(rects), lines=tuple(lines),
               paths=tuple(paths), texts=tuple(texts), tips=tips)
