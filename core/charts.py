"""Geometry of the server-rendered SVG bar charts (no JavaScript: the page's policy forbids inline scripts)."""

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 180  # px reserved for the labels on the left
BAR_AREA = 400  # px for a 100 % bar
VALUE_GAP = 6
ROW_HEIGHT = 26
BAR_HEIGHT = 16
WIDTH = LABEL_WIDTH + BAR_AREA + 50


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    percent: int
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int = BAR_HEIGHT


def percent_bars(items: Sequence[tuple[str, str, int]]) -> BarChart:
    """A horizontal bar per (short label, full title, percent 0–100)."""
    bars = []
    for index, (label, title, percent) in enumerate(items):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        width = round(BAR_AREA * max(0, min(percent, 100)) / 100)
        bars.append(
            Bar(
                label=label if len(label) <= 24 else f"{label[:23]}…",
                title=title,
                percent=percent,
                y=y,
                text_y=y + BAR_HEIGHT - 3,
                width=width,
                value_x=LABEL_WIDTH + width + VALUE_GAP,
            )
        )
    return BarChart(
        bars=bars,
        width=WIDTH,
        height=max(len(bars), 1) * ROW_HEIGHT,
        label_x=LABEL_WIDTH - VALUE_GAP,
        bar_x=LABEL_WIDTH,
    )


@dataclass(frozen=True)
class GaugeMark:
    label: str
    value: int
    x: float  # percent of the width

    @property
    def anchor(self) -> str:
        """Where its label hangs from the mark, so that a mark near an edge keeps its label inside."""
        return "start" if self.x < 15 else "end" if self.x > 85 else "middle"


@dataclass(frozen=True)
class Gauge:
    """A horizontal gauge of ``total`` units: a solid part, a lighter part after it, and labelled marks."""

    total: int
    solid: int
    light: int  # beyond the solid part
    solid_width: float  # percent
    light_width: float  # percent, starting where the solid part ends
    marks: list[GaugeMark]


def gauge(*, total: int, solid: int, light: int = 0, marks: Sequence[tuple[str, int]] = ()) -> Gauge:
    """The geometry of a gauge in percent of its width; ``light`` counts beyond ``solid`` (clipped to the total)."""
    total = max(total, 0)
    solid = max(0, min(solid, total))
    light = max(0, min(light, total - solid))

    def share(value: int) -> float:
        return round(100 * value / total, 2) if total else 0.0

    return Gauge(
        total=total,
        solid=solid,
        light=light,
        solid_width=share(solid),
        light_width=share(light),
        marks=[GaugeMark(label, value, share(min(value, total))) for label, value in marks],
    )
