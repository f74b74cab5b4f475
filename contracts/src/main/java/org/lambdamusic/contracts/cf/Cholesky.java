package org.lambdamusic.contracts.cf;

/**
 * Solves A·x = b for a symmetric positive definite A (row-major k × k) by Cholesky factorisation,
 * the method Spark's ALS uses (LAPACK dppsv) for its normal equations. k is the ALS rank (tens), so
 * a plain loop in double precision is both exact enough and fast (k³/6 multiply-adds).
 */
final class Cholesky {
    private Cholesky() {}

    /** The solution, or null when A is not positive definite (a listener with nothing to learn). */
    static double[] solve(double[] a, double[] b, int k) {
        double[] l = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    sum -= l[i * k + p] * l[j * k + p];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i * k + i] = Math.sqrt(sum);
                } else {
                    l[i * k + j] = sum / l[j * k + j];
                }
            }
        }
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double sum = b[i];
            for (int p = 0; p < i; p++) {
                sum -= l[i * k + p] * z[p];
            }
            z[i] = sum / l[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double sum = z[i];
            for (int p = i + 1; p < k; p++) {
                sum -= l[p * k + i] * x[p];
            }
            x[i] = sum / l[i * k + i];
        }
        return x;
    }
}
