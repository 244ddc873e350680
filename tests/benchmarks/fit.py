"""Ordinary least squares for a handful of points, without numpy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fit:
    coefficients: list[float]
    r2: float


def linear_fit(rows: list[tuple[float, ...]], targets: list[float]) -> Fit:
    """Coefficients c minimizing |rows @ c - targets|, and the share of variance they explain."""
    width = len(rows[0])
    normal = [[sum(r[i] * r[j] for r in rows) for j in range(width)] for i in range(width)]
    right = [sum(r[i] * t for r, t in zip(rows, targets)) for i in range(width)]
    coefficients = _solve(normal, right)
    predicted = [sum(c * x for c, x in zip(coefficients, r)) for r in rows]
    mean = sum(targets) / len(targets)
    total = sum((t - mean) ** 2 for t in targets)
    residual = sum((t - p) ** 2 for t, p in zip(targets, predicted))
    return Fit(coefficients, 1 - residual / total if total else 1.0)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [row[:] + [value] for row, value in zip(matrix, vector)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][size] / rows[i][i] if rows[i][i] else 0.0 for i in range(size)]
