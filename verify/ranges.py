"""Leaf ranges and perfect subtrees of an RFC 9162 tree: what a proof is made of.

The RFC's recursions (§2.1.3.1 inclusion, §2.1.4.1 consistency) split a tree at the
largest power of two; every hash they ask for is the Merkle Tree Hash (MTH) of a leaf
range ``[start, end)``, and every such range is a run of perfect subtrees, largest
first. A perfect subtree is a node ``(level, index)`` covering leaves
``[index·2^level, (index+1)·2^level)``. Whoever holds the nodes (a database, or static
tiles) can so compute any root or proof by fetching O(log n) nodes and folding them.
"""

from __future__ import annotations

from collections.abc import Sequence

from verify.merkle import node_hash

Node = tuple[int, int]  # (level, index)
Range = tuple[int, int]  # leaves [start, end)


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def range_nodes(start: int, end: int) -> list[Node]:
    """The perfect subtrees, left to right, whose fold is MTH(leaves[start:end]).

    ``start`` must be aligned as RFC 9162's recursion leaves it (a multiple of the
    largest power of two not exceeding ``end - start``). Raises nothing.
    """
    nodes: list[Node] = []
    while start < end:
        size = end - start
        level = size.bit_length() - 1  # the largest perfect subtree that fits
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of consecutive perfect subtrees, the largest first (right-to-left fold).

    Raises IndexError on an empty sequence.
    """
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose hashes form PATH(index, D[0:size]), bottom-up (§2.1.3.1).

    Raises nothing; the caller checks ``0 <= index < size``.
    """
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = _largest_power_of_two_below(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The leaf ranges whose hashes form PROOF(old, D[0:new]) (§2.1.4.1).

    Raises nothing; the caller checks ``0 < old < new``.
    """
    ranges: list[Range] = []
    start, end, complete = 0, new, True
    m = old  # relative to start
    while m != end - start:
        k = _largest_power_of_two_below(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            m, start, complete = m - k, start + k, False
    if not complete:
        ranges.append((start, end))
    ranges.reverse()
    return ranges
