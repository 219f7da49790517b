#!/usr/bin/env python3
"""Coverage of two alternatives to the verdict interval's generalized pivot (docs/statistics.md, "What remains"),
on independent normal cells d_sv = a_s + b_v + e_sv of an n seeds x V videos design (not the AUC generator of
`make calibrate`): per composition, the share of 95% intervals that cover the true mean 0.

  MLS   the modified-large-sample form h^2 = [z^2 (MS_S + MS_V - MS_E)
        + sqrt(sum_i (MS_i (t^2_{nu_i} - z^2))^2)] / (nV): exact t for a single mean square, terms combined in
        quadrature (Graybill-Wang style). 3000 tables per cell of the output.
  GPQ   the pivot the tool uses, by Monte Carlo (4000 draws of the chi-squares per table). 1500 tables.

Compositions are (SD of the seed effect, of the video effect, of the residual). Output: "MLS/GPQ" coverage in %.
Usage: python3 scripts/statistics/alternative_intervals.py   (NumPy and SciPy; fixed seed, about 2 minutes)
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(7)


def tables(n, V, sa, sb, se, T):
    sa = np.broadcast_to(sa, (T,)); sb = np.broadcast_to(sb, (T,)); se = np.broadcast_to(se, (T,))
    d = (rng.normal(0, 1, (T, n, 1)) * sa[:, None, None] + rng.normal(0, 1, (T, 1, V)) * sb[:, None, None]
         + rng.normal(0, 1, (T, n, V)) * se[:, None, None])
    m = d.mean(axis=(1, 2)); ms = d.mean(axis=2); mv = d.mean(axis=1)
    MSS = V * ((ms - m[:, None]) ** 2).sum(1) / (n - 1)
    MSV = n * ((mv - m[:, None]) ** 2).sum(1) / (V - 1)
    r = d - ms[:, :, None] - mv[:, None, :] + m[:, None, None]
    MSE = (r ** 2).sum((1, 2)) / ((n - 1) * (V - 1))
    return m, MSS, MSV, MSE


def mls_half(n, V, MSS, MSV, MSE, level=0.95):
    a = 1 - level
    z2 = stats.norm.ppf(1 - a / 2) ** 2
    F = lambda nu: stats.t.ppf(1 - a / 2, nu) ** 2
    FS, FV, FE = F(n - 1), F(V - 1), F((n - 1) * (V - 1))
    extra = np.sqrt((MSS * (FS - z2)) ** 2 + (MSV * (FV - z2)) ** 2 + (MSE * (FE - z2)) ** 2)
    return np.sqrt(np.maximum(z2 * (MSS + MSV - MSE) + extra, 0) / (n * V))


def gpq_half(n, V, MSS, MSV, MSE, level=0.95, M=4000):
    US = rng.chisquare(n - 1, M); UV = rng.chisquare(V - 1, M); UE = rng.chisquare((n - 1) * (V - 1), M)
    W = np.maximum(0, (n - 1) * MSS[:, None] / US + (V - 1) * MSV[:, None] / UV
                   - (n - 1) * (V - 1) * MSE[:, None] / UE) / (n * V)
    return np.quantile(np.abs(rng.normal(0, 1, M)) * np.sqrt(W), level, axis=1)


compositions = {'seed': (1.0, 0.15, 0.6), 'video': (0.06, 1.7, 0.6), 'inter': (0.06, 0.15, 4.0), 'none': (0, 0, 1.0),
                'seed+video': (1.0, 1.7, 0.6), 'seed+inter': (1.0, 0.15, 4.0), 'video+inter': (0.06, 1.7, 4.0),
                'all': (0.6, 0.9, 2.5)}
for n, V in [(3, 8), (3, 32), (10, 8), (10, 32), (5, 16)]:
    line = f"{n}x{V}:"
    for name, (sa, sb, se) in compositions.items():
        m, MSS, MSV, MSE = tables(n, V, sa, sb, se, 3000)
        h = mls_half(n, V, MSS, MSV, MSE)
        g = gpq_half(n, V, MSS[:1500], MSV[:1500], MSE[:1500])
        line += f" {name} {(np.abs(m) <= h).mean() * 100:.1f}/{(np.abs(m[:1500]) <= g).mean() * 100:.1f}"
    print(line, flush=True)
