#!/usr/bin/env python3
"""A calibrated level for the verdict interval's generalized pivot (docs/statistics.md, "What remains"): the nominal
level at which the pivot covers 95% on average over variance compositions drawn uniformly from the simplex of the
shares of Var(mean) (seed / video / residual), then the coverage that level gives in single compositions.
Independent normal cells d_sv = a_s + b_v + e_sv, n seeds x V videos; the pivot by Monte Carlo (4000 draws).

Output per design: the pivot's prior-averaged coverage at 95%, the calibrated level, and per composition the
coverage at 95% -> at the calibrated level (2000 tables each). Usage: python3 scripts/statistics/prior_averaged_level.py
(NumPy and SciPy; fixed seed, about 2 minutes)
"""
import numpy as np
from scipy.special import erf

rng = np.random.default_rng(1)
M = 4000


def pivot_levels(n, V, sa, sb, se):
    """Per table, the level at which the pivot's interval just covers the true mean 0: P(|T| <= |mean|)."""
    T = len(sa)
    d = (rng.normal(0, 1, (T, n, 1)) * sa[:, None, None] + rng.normal(0, 1, (T, 1, V)) * sb[:, None, None]
         + rng.normal(0, 1, (T, n, V)) * se[:, None, None])
    m = d.mean(axis=(1, 2)); ms = d.mean(axis=2); mv = d.mean(axis=1)
    SSS = V * ((ms - m[:, None]) ** 2).sum(1); SSV = n * ((mv - m[:, None]) ** 2).sum(1)
    r = d - ms[:, :, None] - mv[:, None, :] + m[:, None, None]; SSE = (r ** 2).sum((1, 2))
    US = rng.chisquare(n - 1, M); UV = rng.chisquare(V - 1, M); UE = rng.chisquare((n - 1) * (V - 1), M)
    W = np.maximum(0, SSS[:, None] / US + SSV[:, None] / UV - SSE[:, None] / UE) / (n * V)
    with np.errstate(divide='ignore', invalid='ignore'):
        g = np.where(W > 0, erf(np.abs(m)[:, None] / np.sqrt(2 * W)), 1.0)
    return g.mean(1)


compositions = {'seed': (1.0, 0.15, 0.6), 'video': (0.06, 1.7, 0.6), 'inter': (0.06, 0.15, 4.0), 'none': (0, 0, 1.0)}
for n, V in [(3, 8), (3, 32), (10, 8), (10, 32)]:
    levels = []
    for _ in range(6):
        shares = rng.dirichlet([1, 1, 1], 500)
        levels.append(pivot_levels(n, V, np.sqrt(shares[:, 0] * n), np.sqrt(shares[:, 1] * V),
                                   np.sqrt(shares[:, 2] * n * V)))
    levels = np.concatenate(levels)
    calibrated = np.quantile(levels, 0.95)
    line = f"{n}x{V}: prior-averaged coverage {(levels <= 0.95).mean():.3f}, calibrated level {calibrated:.4f} |"
    for name, (sa, sb, se) in compositions.items():
        g = pivot_levels(n, V, np.full(2000, sa), np.full(2000, sb), np.full(2000, se))
        line += f" {name} {(g <= 0.95).mean():.3f}->{(g <= calibrated).mean():.3f}"
    print(line, flush=True)
