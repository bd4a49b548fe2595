package dev.beamdiff.diffusion.sampling;

/**
 * Exact integrals of Lagrange basis polynomials, the weights of variable-step Adams methods: {@code
 * ∫_a^b ℓ_j(τ) dτ} with {@code ℓ_j(τ) = Π_{k≠j} (τ − t_k)/(t_j − t_k)}. The polynomials are
 * expanded in powers of {@code τ − a} (which keeps the numbers small) and integrated term by term.
 */
final class LagrangeIntegrals {
  private LagrangeIntegrals() {}

  /** Weights {@code w_j = ∫_a^b ℓ_j} for distinct nodes {@code t_0 … t_{p−1}}. */
  static double[] over(double[] nodes, double a, double b) {
    int p = nodes.length;
    double[] weights = new double[p];
    for (int j = 0; j < p; j++) {
      // Coefficients of ℓ_j in powers of u = τ − a, built one factor at a time.
      double[] poly = new double[p];
      poly[0] = 1;
      int degree = 0;
      for (int k = 0; k < p; k++) {
        if (k == j) {
          continue;
        }
        double denominator = nodes[j] - nodes[k];
        if (denominator == 0) {
          throw new IllegalArgumentException(
              "nodes: expected distinct values, got " + nodes[k] + " twice");
        }
        double shift = a - nodes[k]; // τ − t_k = u + (a − t_k)
        for (int m = degree + 1; m >= 0; m--) {
          double fromLower = m > 0 ? poly[m - 1] : 0;
          double same = m <= degree ? poly[m] * shift : 0;
          poly[m] = (fromLower + same) / denominator;
        }
        degree++;
      }
      double span = b - a;
      double integral = 0;
      double power = span;
      for (int m = 0; m <= degree; m++) {
        integral += poly[m] * power / (m + 1);
        power *= span;
      }
      weights[j] = integral;
    }
    return weights;
  }
}
