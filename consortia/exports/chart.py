"""The composition chart of the PDF: one stacked bar per country, a segment per kind of
organisation, as SVG geometry the template draws (WeasyPrint renders inline SVG)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from consortia.exports.data import Composition

# One colour per kind, distinguishable in print and for common colour blindness (Okabe-Ito).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#6A3D9A",
)
LABEL_WIDTH = 150
BAR_HEIGHT = 16
GAP = 6
PLOT_WIDTH = 330
MIN_SCALE = 4  # participants a full bar stands for, at least: one participant is not "full"


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    count: int


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    programme: bool
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str], ...]  # (colour, kind label)
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def chart(composition: Composition) -> Chart:
    unit = PLOT_WIDTH / max(composition.widest, MIN_SCALE)
    bars = []
    for index, row in enumerate(composition.rows):
        x, segments = float(LABEL_WIDTH), []
        for kind_index, count in enumerate(row.counts):
            if count:
                segments.append(Segment(x, count * unit, PALETTE[kind_index % len(PALETTE)], count))
                x += count * unit
        label = (
            row.name
            if row.programme
            else _("%(country)s (Partner country)") % {"country": row.name}
        )
        bars.append(
            Bar(index * (BAR_HEIGHT + GAP), label, row.programme, row.total, tuple(segments))
        )
    legend = tuple(
        (PALETTE[index % len(PALETTE)], str(label))
        for index, (_kind, label) in enumerate(composition.kinds)
    )
    height = max(len(bars), 1) * (BAR_HEIGHT + GAP)
    return Chart(
        width=LABEL_WIDTH + PLOT_WIDTH + 40, height=height, bars=tuple(bars), legend=legend
    )
