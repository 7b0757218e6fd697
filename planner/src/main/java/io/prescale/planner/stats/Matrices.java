package io.prescale.planner.stats;

/** The little linear algebra the Gaussian updates need: their systems have a handful of unknowns. */
public final class Matrices {
    private Matrices() {
    }

    /** Inverse of a symmetric positive definite matrix (Gauss-Jordan with partial pivoting; p is small). */
    public static double[][] invert(double[][] a) {
        int p = a.length;
        double[][] m = new double[p][2 * p];
        for (int r = 0; r < p; r++) {
            System.arraycopy(a[r], 0, m[r], 0, p);
            m[r][p + r] = 1;
        }
        for (int col = 0; col < p; col++) {
            int piv = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[piv];
            m[piv] = tmp;
            double d = m[col][col];
            for (int k = 0; k < 2 * p; k++) {
                m[col][k] /= d;
            }
            for (int r = 0; r < p; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int k = 0; k < 2 * p; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[][] out = new double[p][p];
        for (int r = 0; r < p; r++) {
            System.arraycopy(m[r], p, out[r], 0, p);
        }
        return out;
    }
}
