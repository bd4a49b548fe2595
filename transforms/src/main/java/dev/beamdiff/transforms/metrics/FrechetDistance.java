package dev.beamdiff.transforms.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between the Gaussians {@code N(μ1, Σ1)} and {@code N(μ2, Σ2)} fitted to two
 * feature sets (Dowson &amp; Landau 1982; used as FID by Heusel et al., "GANs trained by a two
 * time-scale update rule converge to a local Nash equilibrium", NeurIPS 2017, arXiv:1706.08500):
 *
 * <pre>
 *   FD² = ‖μ1 − μ2‖² + tr Σ1 + tr Σ2 − 2 tr √(√Σ1 Σ2 √Σ1).
 * </pre>
 *
 * <p>The last trace uses symmetric eigendecompositions only, so it stays real and finite when the
 * covariances are singular or nearly so (fewer samples than dimensions). With {@code Σ1 = V Λ Vᵀ}
 * ({@code Λ} clipped at 0), {@code √Σ1 Σ2 √Σ1 = V (Λ^½ Vᵀ Σ2 V Λ^½) Vᵀ} has the eigenvalues of the
 * symmetric positive semi-definite {@code S = Λ^½ Vᵀ Σ2 V Λ^½}, and {@code tr √(·) = Σ √s_i} over
 * the eigenvalues {@code s_i} of {@code S} (clipped at 0, which only removes rounding noise). This
 * equals {@code tr (Σ1 Σ2)^½} as computed by {@code scipy.linalg.sqrtm} in pytorch-fid and
 * clean-fid whenever that is real, without the complex Schur form or its failures.
 *
 * <p>The symmetric eigendecompositions come from EJML; the two {@code d × d} products use EJML's
 * multi-threaded kernels.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /** The distance and its parts. */
  public record Result(
      double value,
      double meanTerm,
      double traceFirst,
      double traceSecond,
      double traceSqrtProduct) {}

  /** FD between the two feature summaries, with its terms. */
  public static Result between(FeatureStatistics first, FeatureStatistics second) {
    int d = first.dimension();
    if (second.dimension() != d) {
      throw new IllegalArgumentException(
          "cannot compare "
              + d
              + "-dimensional features with "
              + second.dimension()
              + "-dimensional features: both sides must use the same detector");
    }
    requireFinite(first, "first");
    requireFinite(second, "second");
    double[] mu1 = first.meanView();
    double[] mu2 = second.meanView();
    double meanTerm = 0;
    for (int i = 0; i < d; i++) {
      double diff = mu1[i] - mu2[i];
      meanTerm += diff * diff;
    }
    double trace1 = trace(first.covarianceView(), d);
    double trace2 = trace(second.covarianceView(), d);
    double traceSqrt = traceSqrtProduct(first.covarianceView(), second.covarianceView(), d);
    double value = meanTerm + trace1 + trace2 - 2 * traceSqrt;
    return new Result(value, meanTerm, trace1, trace2, traceSqrt);
  }

  /** {@code tr √(√Σ1 Σ2 √Σ1)} for symmetric positive semi-definite {@code d × d} matrices. */
  static double traceSqrtProduct(double[] sigma1, double[] sigma2, int d) {
    DMatrixRMaj s1 = DMatrixRMaj.wrap(d, d, sigma1.clone());
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eigen.decompose(s1)) {
      throw new ArithmeticException(
          "the eigendecomposition of the first covariance did not converge");
    }
    DMatrixRMaj v = new DMatrixRMaj(d, d);
    double[] rootLambda = new double[d];
    for (int k = 0; k < d; k++) {
      rootLambda[k] = Math.sqrt(Math.max(0, eigen.getEigenvalue(k).getReal()));
      DMatrixRMaj vector = eigen.getEigenVector(k);
      for (int i = 0; i < d; i++) {
        v.unsafe_set(i, k, vector.data[i]);
      }
    }
    DMatrixRMaj sigma2V = new DMatrixRMaj(d, d);
    CommonOps_MT_DDRM.mult(DMatrixRMaj.wrap(d, d, sigma2), v, sigma2V);
    DMatrixRMaj inner = new DMatrixRMaj(d, d);
    CommonOps_MT_DDRM.multTransA(v, sigma2V, inner);
    double[] s = inner.data;
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double value = 0.5 * (s[i * d + j] + s[j * d + i]) * rootLambda[i] * rootLambda[j];
        s[i * d + j] = value;
        s[j * d + i] = value;
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> values = DecompositionFactory_DDRM.eig(d, false, true);
    if (!values.decompose(inner)) {
      throw new ArithmeticException("the eigendecomposition of √Σ1 Σ2 √Σ1 did not converge");
    }
    double sum = 0;
    for (int k = 0; k < d; k++) {
      sum += Math.sqrt(Math.max(0, values.getEigenvalue(k).getReal()));
    }
    return sum;
  }

  private static void requireFinite(FeatureStatistics stats, String which) {
    for (double value : stats.meanView()) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "the " + which + " mean has a non-finite entry: " + value);
      }
    }
    for (double value : stats.covarianceView()) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "the " + which + " covariance has a non-finite entry: " + value);
      }
    }
  }

  private static double trace(double[] matrix, int d) {
    double sum = 0;
    for (int i = 0; i < d; i++) {
      sum += matrix[i * d + i];
    }
    return sum;
  }
}
