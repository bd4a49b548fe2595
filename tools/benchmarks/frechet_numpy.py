"""numpy/scipy side of the FID statistics benchmark (the Java side is FrechetBenchmark).

Generates two sets of 50,000 x 2,048 float32 features (ReLU of a correlated Gaussian, like
Inception pool_3 features), saves them as .npy for the Java benchmark, and times on this machine:
  * mean + covariance in float64 (np.mean, np.cov(rowvar=False)) of one set;
  * FD between the two sets' statistics, by pytorch-fid/clean-fid's scipy.linalg.sqrtm route and by
    the symmetric eigh route BeamDiff uses.

  python3 tools/benchmarks/frechet_numpy.py [--dir /tmp/beamdiff-bench] [--rows 50000] [--dim 2048]
"""
import argparse
import pathlib
import time

import numpy as np
import scipy
import scipy.linalg


def features(rng, rows, dim, shift):
    mixing = rng.standard_normal((dim, dim)).astype(np.float32) / np.sqrt(dim)
    out = np.empty((rows, dim), dtype=np.float32)
    for start in range(0, rows, 5000):
        z = rng.standard_normal((min(5000, rows - start), dim)).astype(np.float32)
        out[start:start + len(z)] = np.maximum(z @ mixing + shift, 0)
    return out


def fd_sqrtm(mu1, s1, mu2, s2):
    covmean = np.real(scipy.linalg.sqrtm(s1 @ s2))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fd_eigh(mu1, s1, mu2, s2):
    w, v = scipy.linalg.eigh(s1)
    root = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    inner = root @ s2 @ root
    lam = scipy.linalg.eigh((inner + inner.T) / 2, eigvals_only=True)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.sum(np.sqrt(np.clip(lam, 0, None))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/beamdiff-bench")
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--dim", type=int, default=2048)
    args = parser.parse_args()
    out = pathlib.Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2048)
    a, b = out / "features-a.npy", out / "features-b.npy"
    if not (a.exists() and b.exists()):
        np.save(a, features(rng, args.rows, args.dim, 0.0))
        np.save(b, features(rng, args.rows, args.dim, 0.05))
    x, y = np.load(a), np.load(b)
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, {x.shape[0]} x {x.shape[1]} features")

    t = time.perf_counter()
    mu1 = np.mean(x, axis=0, dtype=np.float64)
    s1 = np.cov(x.astype(np.float64), rowvar=False)
    stats_seconds = time.perf_counter() - t
    mu2 = np.mean(y, axis=0, dtype=np.float64)
    s2 = np.cov(y.astype(np.float64), rowvar=False)
    print(f"mean+cov (float64) of one set: {stats_seconds:.2f} s "
          f"({x.shape[0] / stats_seconds:,.0f} features/s)")

    t = time.perf_counter()
    eigh = fd_eigh(mu1, s1, mu2, s2)
    eigh_seconds = time.perf_counter() - t
    print(f"FD, symmetric eigh route: {eigh!r} in {eigh_seconds:.2f} s")
    t = time.perf_counter()
    sqrtm = fd_sqrtm(mu1, s1, mu2, s2)
    sqrtm_seconds = time.perf_counter() - t
    print(f"FD, scipy.linalg.sqrtm route (pytorch-fid, clean-fid): {sqrtm!r} in {sqrtm_seconds:.2f} s")
    print(f"total, mean+cov + FD (eigh): {stats_seconds + eigh_seconds:.2f} s; "
          f"with sqrtm: {stats_seconds + sqrtm_seconds:.2f} s")


if __name__ == "__main__":
    main()
