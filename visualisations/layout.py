"""Deterministic positions in the model's own shape, computed in Python so the same data gives the same picture.

The picture reads like the memo's organisation model::

                                   council · municipality
                                   committees
      housing side   entry point   mayors' posts
      (organisations, and fora     persons holding them
      groups, interest             administrations
      organisations)               centres, boards, other units
      ------------------------------------------------------------
      local committees, then any kind the layout does not know

The right-hand block is laid out in *sectors*: each administration has a slot, and the committee
that oversees it, the mayor's post over that committee and the person who holds the post sit in the
same slot above it, so a sector reads top to bottom. Administrations are ordered by the mean
position of the housing-side actors and fora they are linked to (a barycentre), which keeps channels
from crossing. Every label is wrapped (:func:`wrap_label`) and its box estimated from the widths of
DejaVu Sans (the page's font; common fallbacks are narrower), so rows and columns leave room for the
labels and no two labels overlap. Large zones wrap into a grid. No randomness, no physics.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graf import iris

_G = iris.GRAF
_ORG = iris.ORG
_FOAF = iris.FOAF

#: the font size of node labels in canvas units (the page draws them at this size) and their line height
FONT = 14.0
LINE = 16.0
#: the widest line a label is wrapped to, in canvas units (a wider word stays whole unless it can be hyphenated)
WRAP = 116.0
#: gaps between label boxes, in canvas units
GAP_X = 18.0
GAP_Y = 14.0
#: gap between the columns of the housing side, the middle and the municipal block (channels run there)
COLUMN_GAP = 44.0
#: height of the lane above the administrations, where the channels into them run
LANE = 64.0

#: zone of a node: the first rule whose classes are among its kinds wins
_ZONES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("middle", (_G + "EntryPoint", _G + "Forum")),
    ("housing", (_G + "HousingOrganisation", _G + "OrganisationGroup", _G + "InterestOrganisation",
                 _G + "InterestOrganisationDistrict", _G + "AdministrationCompany", _G + "Estate")),
    ("local", (_G + "LocalCommittee",)),
    ("council", (_G + "CityCouncil", _G + "Municipality", _G + "ChairSeat")),
    ("committee", (_G + "PoliticalBody",)),
    ("post", (_G + "MayorPost", _ORG + "Post")),
    ("person", (_FOAF + "Person",)),
    ("administration", (_G + "Administration",)),
    ("unit", (_G + "AdministrativeCentre", _G + "ManagementBoard", _G + "MunicipalUnit")),
)
#: rows of the municipal block, top to bottom
BLOCK_ROWS = ("council", "committee", "post", "person", "administration", "unit")

#: advance widths of DejaVu Sans in ems (measured in Chromium); other characters count as wide
_WIDTHS = {ch: width for chars, width in (
    ("ijlI'J", 0.29), (" .,’", 0.32), (":;|/", 0.34), ("-f", 0.36), ("()[]t", 0.39), ("!r", 0.41), ("\"", 0.46),
    ("–*§", 0.5), ("sz?", 0.53), ("c", 0.55), ("kLF", 0.58), ("vxy", 0.59), ("PYTÅaoøåöä«»", 0.61),
    ("eéÉES", 0.63), ("bdghnpquü", 0.63), ("0123456789", 0.64), ("K", 0.66), ("AVÄ", 0.68),
    ("BRXZ", 0.69), ("C", 0.7), ("UÜ", 0.73), ("HN", 0.75), ("DG", 0.77), ("&", 0.78), ("OQØÖ", 0.79),
    ("w", 0.82), ("+×#", 0.84), ("M", 0.86), ("%", 0.95), ("mæÆ", 0.98), ("W—…@", 1.0)) for ch in chars}


def char_width(ch: str) -> float:
    """Advance width of ``ch`` in DejaVu Sans, in ems (a character not in the table counts as wide)."""
    return _WIDTHS.get(ch, 0.8)


def text_width(line: str) -> float:
    """Width of one line of label text in canvas units at :data:`FONT`."""
    return sum(char_width(c) for c in line) * FONT


#: heads of Danish compounds a long word may be hyphenated before ("Integrations-" / "forvaltningen")
_HEADS = ("forvaltningen", "forvaltning", "udvalget", "udvalg", "borgmester", "boligorganisationer",
          "boligorganisation", "boligforening", "boligselskab", "direktørkredsen", "organisationer", "forum",
          "organet", "repræsentationen")
_VOWELS = set("aeiouyæøåéüöäAEIOUYÆØÅ")


def _split_word(word: str, width: float) -> list[str]:
    """``word`` as it is, or hyphenated once when wider than ``width``: before a known compound head, else
    before a single consonant between two vowels (bor-ger-re-præ-sen-ta-tio-nen), as near the middle as fits."""
    if text_width(word) <= width:
        return [word]
    lower = word.lower()
    for head in _HEADS:
        at = lower.rfind(head)
        if 2 < at and word[at - 1] != "-" and text_width(word[at:]) <= width:
            return [word[:at] + "-", *_split_word(word[at:], width)]
    if not word.strip("()[]\"'.,;:-").isalpha():  # only words are hyphenated, never code, numbers or markup
        return [word]
    breaks = [i for i in range(2, len(word) - 2)
              if word[i - 1] in _VOWELS and word[i] not in _VOWELS and word[i + 1] in _VOWELS]
    fitting = [i for i in breaks if text_width(word[:i] + "-") <= width]
    if not fitting:
        return [word]
    at = max(fitting)
    return [word[:at] + "-", *_split_word(word[at:], width)]


def wrap_label(text: str, width: float = WRAP) -> list[str]:
    """``text`` broken into lines no wider than ``width`` canvas units, at spaces and after hyphens; a wider word
    is hyphenated before a known Danish compound head, or else kept whole.

    >>> wrap_label("Beskæftigelses- og Integrationsforvaltningen")
    ['Beskæftigelses-', 'og Integrations-', 'forvaltningen']
    >>> wrap_label("Brønshøj-Husum Lokaludvalg")
    ['Brønshøj-Husum', 'Lokaludvalg']
    """
    words: list[tuple[str, bool]] = []  # (word, whether a space follows it in the text)
    for part in text.split():
        pieces = part.split("-")
        for i, piece in enumerate(pieces):
            token = piece + ("-" if i < len(pieces) - 1 else "")
            if token:
                split = _split_word(token, width)
                words.extend((w, False) for w in split[:-1])
                words.append((split[-1], i == len(pieces) - 1 or (i == len(pieces) - 2 and not pieces[-1])))
    lines: list[str] = []
    glue = ""
    for word, space in words:
        joined = lines[-1] + glue + word if lines else word
        if lines and text_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
        glue = " " if space else ""
    return lines or [""]


@dataclass(frozen=True)
class Box:
    """The footprint of a node: its shape (radius ``size``) with its label below it."""

    width: float
    height: float
    size: float

    @staticmethod
    def of(lines: Iterable[list[str]], size: float) -> Box:
        """The footprint of a node of radius ``size`` whose label is one of ``lines`` (the widest and tallest)."""
        options = list(lines)
        width = max([text_width(line) for option in options for line in option] + [0.0])
        count = max([len(option) for option in options] + [1])
        return Box(max(width, 2 * size), 2 * size + 4 + count * LINE, size)


def zone_of(kinds: Iterable[str], kind: str) -> str:
    """The zone of a node with these ``kinds`` (``other`` for kinds the layout does not know)."""
    found = set(kinds) | {kind}
    for zone, classes in _ZONES:
        if found & set(classes):
            return zone
    return "other"


def positions(G: nx.MultiDiGraph[str] | nx.Graph, boxes: dict[str, Box]) -> dict[str, tuple[float, float]]:
    """x, y (the centre of each node's shape) for every node of ``G``, each node taking its :class:`Box`.

    Nodes need ``kind``, ``kinds`` and ``label`` attributes.
    """
    if G.number_of_nodes() == 0:
        return {}
    zones: dict[str, list[str]] = defaultdict(list)
    for node in sorted(G.nodes, key=lambda n: (_label(G, n), n)):
        data = G.nodes[node]
        zones[zone_of(data.get("kinds", ()), data.get("kind", ""))].append(node)
    neighbours = _neighbours(G)
    lane = any(zones.get(r) for r in BLOCK_ROWS[:4])
    right = _right(zones, neighbours, boxes, lane, max([boxes[n].width for n in G] + [300.0]) * 6)
    left = _column(zones.get("housing", []), boxes, neighbours, right.positions, right.height, lane)
    middle = _column(zones.get("middle", []), boxes, neighbours, right.positions, right.height, lane)
    centred = _Placed({n: (x - right.width / 2, y) for n, (x, y) in right.positions.items()}, right.width, right.height)
    columns, _width, _height = _side_by_side([left, middle, centred])
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in columns.items()}


def _right(zones: dict[str, list[str]], neighbours: dict[str, set[str]], boxes: dict[str, Box], political: bool,
           fallback: float) -> _Placed:
    """The municipal side, from its left edge: the block in sectors when there is a political level to show
    (else the administrations as a column, so the channels into them fan out), then the local committees and
    any other kind in bands below it."""
    if political:
        block, width, height = _block(zones, neighbours, boxes)
    else:
        block, width, height = _side_by_side([_column(zones.get(z, []), boxes, neighbours, {},
                                                      _tall(zones.get(z, []), boxes))
                                              for z in ("administration", "unit")])
    width = width or fallback
    placed = dict(block)
    for zone in ("local", "other"):
        band = _band(zones.get(zone, []), boxes, width, neighbours, placed)
        placed.update({n: (bx, height + (GAP_Y if height else 0.0) + by) for n, (bx, by) in band.positions.items()})
        height += band.height + (GAP_Y if band.positions and height else 0.0)
    return _Placed(placed, width, height)


@dataclass
class _Placed:
    positions: dict[str, tuple[float, float]]
    width: float
    height: float


def _tall(nodes: list[str], boxes: dict[str, Box]) -> float:
    """How tall a column of ``nodes`` may grow before it wraps: one column up to about 12 rows, then a grid."""
    return max([boxes[n].height + GAP_Y for n in nodes] + [0.0]) * 12


def _side_by_side(columns: list[_Placed]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Columns next to each other (x from 0 at the left edge), vertically centred on the tallest."""
    tallest = max([c.height for c in columns] + [0.0])
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for column in columns:
        if column.positions:
            pos.update({n: (x + column.width / 2 + dx, y + (tallest - column.height) / 2)
                        for n, (dx, y) in column.positions.items()})
            x += column.width + COLUMN_GAP
    return pos, max(0.0, x - COLUMN_GAP), tallest


def _neighbours(G: nx.Graph[str]) -> dict[str, set[str]]:
    """Each node's neighbours along channels, or along any relation for a node without channels: what is drawn
    first (channels) decides where a node goes."""
    channel: dict[str, set[str]] = defaultdict(set)
    other: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if u != v:
            near = channel if d.get("relation", "channel") == "channel" else other
            near[u].add(v)
            near[v].add(u)
    return defaultdict(set, {n: channel[n] if channel[n] else other[n] for n in G.nodes})


def _block(zones: dict[str, list[str]], neighbours: dict[str, set[str]], boxes: dict[str, Box]
           ) -> tuple[dict[str, tuple[float, float]], float, float]:
    """The municipal block: rows (:data:`BLOCK_ROWS`) of slots; each sector (an administration and what is
    linked to it) in one slot, top to bottom. Returns positions relative to the block's top-left corner."""
    rows = {name: list(zones.get(name, [])) for name in BLOCK_ROWS}
    members = [n for name in BLOCK_ROWS for n in rows[name]]
    if not members:
        return {}, 0.0, 0.0
    anchors, slot = _slots(rows, zones, neighbours)
    # a row longer than this wraps into lines (slot s in column s % limit, so sectors stay aligned): a national
    # model has hundreds of committees, and the block should stay about as wide as it is tall
    line_limit = max(12, math.ceil(math.sqrt(len(members)) * 1.6))
    slots = min(max(len(anchors), max(len(r) for r in rows.values())), line_limit)
    width = max(boxes[n].width for n in members) + GAP_X
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for name in BLOCK_ROWS:
        row = rows[name]
        if not row:
            continue
        if row[0] in anchors and y > 0:  # a lane above the anchors, where the channels into them run
            y += LANE
        height = max(boxes[n].height for n in row)
        per_line = max(1, min(max(slot[n] for n in row) + 1, slots))
        for n in row:
            line, s = divmod(slot[n], per_line)
            pos[n] = (s * width + width / 2, y + line * (height + GAP_Y) + boxes[n].size)
        y += (max(slot[n] for n in row) // per_line + 1) * (height + GAP_Y)
    return pos, slots * width, y


def _slots(rows: dict[str, list[str]], zones: dict[str, list[str]], neighbours: dict[str, set[str]]
           ) -> tuple[list[str], dict[str, int]]:
    """The anchors (administrations, ordered by the housing side and middle they are linked to) and every block
    node's slot: a row takes the slots of what it is linked to, the row most linked to slotted nodes first."""
    outside = zones.get("housing", []) + zones.get("middle", [])
    order = {n: i for i, n in enumerate(outside)}

    def pull(n: str) -> float:
        linked = [order[m] for m in neighbours[n] if m in order]
        return sum(linked) / len(linked) if linked else math.inf

    anchors = rows["administration"] or rows["unit"] or next(rows[r] for r in BLOCK_ROWS if rows[r])
    anchors = sorted(anchors, key=lambda n: (pull(n), n))
    slot = {n: i for i, n in enumerate(anchors)}
    slots = max(len(anchors), max(len(r) for r in rows.values()))
    pending = [name for name in BLOCK_ROWS if rows[name] and rows[name][0] not in slot]
    while pending:  # so a sector's rows follow one another
        name = max(pending, key=lambda r: (sum(any(m in slot for m in neighbours[n]) for n in rows[r]) / len(rows[r]),
                                           -_distance(r, rows, anchors)))
        _assign(rows[name], slot, neighbours, slots)
        pending.remove(name)
    return anchors, slot


def _distance(row: str, rows: dict[str, list[str]], anchors: list[str]) -> int:
    """How far ``row`` is from the anchors' row (rows next to it take their slots first)."""
    home = next(i for i, r in enumerate(BLOCK_ROWS) if anchors and anchors[0] in rows[r])
    return abs(BLOCK_ROWS.index(row) - home)


def _assign(row: list[str], slot: dict[str, int], neighbours: dict[str, set[str]], slots: int) -> None:
    """Give each node of ``row`` the slot of a neighbour that has one (the nearest free slot if taken), in the
    order of those slots; the rest fill the free slots from the middle out."""
    wanted = {}
    for n in row:
        linked = sorted(slot[m] for m in neighbours[n] if m in slot)
        wanted[n] = linked[len(linked) // 2] if linked else None
    taken: set[int] = set()
    centre = (slots - 1) / 2
    for n in sorted(row, key=lambda n: (wanted[n] is None, wanted[n] if wanted[n] is not None else 0, n)):
        target = round(centre) if (w := wanted[n]) is None else w
        free = [s for s in range(max(slots, len(row))) if s not in taken]
        best = min(free, key=lambda s: (abs(s - target), s))
        slot[n] = best
        taken.add(best)


def _column(nodes: list[str], boxes: dict[str, Box], neighbours: dict[str, set[str]],
            placed: dict[str, tuple[float, float]], height: float, lane: bool = False) -> _Placed:
    """A vertical column; a node linked to placed nodes goes as near the height it is pulled to as the others
    allow (their mean height, or with ``lane`` the lane above the highest of them), the rest keep their order
    around them. It wraps into sub-columns (a grid, in pull order) when it would be much taller than ``height``."""
    if not nodes:
        return _Placed({}, 0.0, 0.0)
    pulls = {n: _pull(n, boxes, neighbours, placed, lane) for n in nodes}
    width = max(boxes[n].width for n in nodes) + GAP_X
    count = _subcolumns(nodes, boxes, width, height)
    if count > 1:
        ordered = sorted(nodes, key=lambda n: (pulls[n] is None, pulls[n] or 0.0, n))
        columns = _split(ordered, [boxes[n].height + GAP_Y for n in ordered], count)
        pulls = {}
    else:
        columns = [_by_pull(nodes, pulls, boxes)]
    tallest = max(sum(boxes[n].height + GAP_Y for n in col) for col in columns)
    if any(p is not None for p in pulls.values()):  # room to move towards what pulls
        tallest = max(tallest, height)
    pos: dict[str, tuple[float, float]] = {}
    for c, col in enumerate(columns):
        ys = _stack(col, boxes, pulls, tallest)
        pos.update({n: ((c - (len(columns) - 1) / 2) * width, ys[n]) for n in col})
    return _Placed(pos, len(columns) * width, tallest)


def _pull(n: str, boxes: dict[str, Box], neighbours: dict[str, set[str]], placed: dict[str, tuple[float, float]],
          lane: bool) -> float | None:
    """The height ``n`` is pulled to by the placed nodes it is linked to (None: none)."""
    linked = [placed[m][1] - boxes[m].size for m in neighbours[n] if m in placed]
    if not linked:
        return None
    return min(linked) - LANE / 2 if lane else sum(linked) / len(linked)


def _subcolumns(nodes: list[str], boxes: dict[str, Box], width: float, height: float) -> int:
    """How many sub-columns a column of ``nodes`` needs so it is not much taller than ``height`` (or than wide)."""
    total = sum(boxes[n].height + GAP_Y for n in nodes)
    return max(1, math.ceil(total / max(1.2 * height, 400.0, math.sqrt(total * width))))


def _by_pull(nodes: list[str], pulls: dict[str, float | None], boxes: dict[str, Box]) -> list[str]:
    """``nodes`` in column order: those with a pull at the fraction of the height it asks for, the rest (in
    their order) filling the gaps."""
    free = [n for n in nodes if pulls[n] is None]
    pulled = sorted((n for n in nodes if pulls[n] is not None), key=lambda n: (pulls[n], n))
    order: list[str] = []
    used = 0.0
    for n in pulled:
        while free and used + (boxes[free[0]].height + GAP_Y) / 2 < (pulls[n] or 0.0) - boxes[n].size:
            used += boxes[free[0]].height + GAP_Y
            order.append(free.pop(0))
        order.append(n)
        used += boxes[n].height + GAP_Y
    return order + free


def _stack(col: list[str], boxes: dict[str, Box], pulls: dict[str, float | None], height: float) -> dict[str, float]:
    """y of each node stacked top to bottom in ``height``; a pulled node moves down towards its pull while the
    nodes below it still fit."""
    total = sum(boxes[n].height + GAP_Y for n in col)
    slack = max(0.0, height - total)
    y = slack / 2 if not any(p is not None for p in pulls.values()) else 0.0
    out = {}
    for i, n in enumerate(col):
        want = pulls.get(n)
        if want is not None and slack > 0:
            move = min(slack, max(0.0, want - boxes[n].size - y))
            y += move
            slack -= move
        out[n] = y + boxes[n].size
        y += boxes[n].height + GAP_Y
        if i == len(col) - 1:
            break
    return out


def _split(items: list[str], heights: list[float], count: int) -> list[list[str]]:
    """``items`` in order, cut into ``count`` runs of about equal height."""
    target = sum(heights) / count
    out: list[list[str]] = [[]]
    used = 0.0
    for item, h in zip(items, heights, strict=True):
        if out[-1] and used + h / 2 > target * len(out) and len(out) < count:
            out.append([])
        out[-1].append(item)
        used += h
    return out


def _band(nodes: list[str], boxes: dict[str, Box], width: float, neighbours: dict[str, set[str]],
          placed: dict[str, tuple[float, float]]) -> _Placed:
    """Rows across the whole ``width``, ordered by the mean x of what each node is linked to, then by label."""
    if not nodes:
        return _Placed({}, 0.0, 0.0)

    def pull(n: str) -> float:
        linked = [placed[m][0] for m in neighbours[n] if m in placed]
        return sum(linked) / len(linked) if linked else math.inf

    ordered = sorted(nodes, key=lambda n: (pull(n) if len(neighbours[n]) == 1 else math.inf, nodes.index(n)))
    pitch = max(boxes[n].width for n in nodes) + GAP_X
    per_row = max(1, int(width // pitch))
    rows = math.ceil(len(ordered) / per_row)
    per_row = math.ceil(len(ordered) / rows)
    height = max(boxes[n].height for n in nodes) + GAP_Y
    offset = (width - per_row * pitch) / 2
    pos = {n: (offset + (i % per_row) * pitch + pitch / 2, (i // per_row) * height + boxes[n].size)
           for i, n in enumerate(ordered)}
    return _Placed(pos, width, rows * height)


def _label(G: nx.Graph[str], node: str) -> str:
    label = G.nodes[node].get("label")
    return label.get("da", "") if isinstance(label, dict) else str(label or "")
