package io.echotune.recommender.eval;

import java.util.List;

/**
 * Implicit-feedback matrix factorisation (Hu, Koren and Volinsky 2008), the evaluation's ALS baseline: confidence
 * {@code c = 1 + alpha r} on every observed (user, item) with preference 1, preference 0 elsewhere, regularisation
 * {@code lambda}; each half-step solves every row exactly, {@code (Y'Y + Y'(C_u - I)Y + lambda I) x_u = Y'C_u p(u)},
 * with the {@code Y'Y} trick so a row costs its observed items only. Plain Java, single thread, deterministic (the
 * factors start from a fixed pseudo-random seed). Spark MLlib's {@code ALS(implicitPrefs = true)} solves the same
 * problem on a cluster (docs/recommender.md, "Scaling out").
 */
final class ImplicitAls {

    /** One user's observed items and their raw strengths r (a listen count's log, a stream count, 1 for a playlist). */
    record Row(int[] items, float[] strength) {
    }

    final int rank;
    final float[][] userFactors;
    final float[][] itemFactors;

    private ImplicitAls(int rank, float[][] users, float[][] items) {
        this.rank = rank;
        this.userFactors = users;
        this.itemFactors = items;
    }

    static ImplicitAls train(List<Row> users, int items, int rank, double alpha, double lambda, int iterations, long seed) {
        float[][] x = new float[users.size()][rank];
        float[][] y = new float[items][rank];
        java.util.Random random = new java.util.Random(seed);
        for (float[] row : y) {
            for (int k = 0; k < rank; k++) {
                row[k] = (float) (random.nextGaussian() * 0.01);
            }
        }
        // the item side's rows: the transpose of the users'
        int[] count = new int[items];
        for (Row u : users) {
            for (int i : u.items()) {
                count[i]++;
            }
        }
        int[][] itemUsers = new int[items][];
        float[][] itemStrength = new float[items][];
        for (int i = 0; i < items; i++) {
            itemUsers[i] = new int[count[i]];
            itemStrength[i] = new float[count[i]];
        }
        int[] fill = new int[items];
        for (int u = 0; u < users.size(); u++) {
            Row row = users.get(u);
            for (int k = 0; k < row.items().length; k++) {
                int i = row.items()[k];
                itemUsers[i][fill[i]] = u;
                itemStrength[i][fill[i]++] = row.strength()[k];
            }
        }
        int[][] userItems = users.stream().map(Row::items).toArray(int[][]::new);
        float[][] userStrength = users.stream().map(Row::strength).toArray(float[][]::new);
        for (int it = 0; it < iterations; it++) {
            solve(x, y, userItems, userStrength, rank, alpha, lambda);
            solve(y, x, itemUsers, itemStrength, rank, alpha, lambda);
        }
        return new ImplicitAls(rank, x, y);
    }

    /** Every row of {@code target} from the fixed {@code other} side. */
    private static void solve(float[][] target, float[][] other, int[][] observed, float[][] strength, int rank,
                              double alpha, double lambda) {
        double[][] gram = new double[rank][rank];
        for (float[] v : other) {
            for (int a = 0; a < rank; a++) {
                for (int b = 0; b <= a; b++) {
                    gram[a][b] += v[a] * v[b];
                }
            }
        }
        double[][] m = new double[rank][rank];
        double[] rhs = new double[rank];
        for (int r = 0; r < target.length; r++) {
            for (int a = 0; a < rank; a++) {
                System.arraycopy(gram[a], 0, m[a], 0, a + 1);
                m[a][a] += lambda;
                rhs[a] = 0;
            }
            for (int k = 0; k < observed[r].length; k++) {
                float[] v = other[observed[r][k]];
                double c = 1 + alpha * strength[r][k];
                for (int a = 0; a < rank; a++) {
                    rhs[a] += c * v[a];
                    for (int b = 0; b <= a; b++) {
                        m[a][b] += (c - 1) * v[a] * v[b];
                    }
                }
            }
            double[] solution = cholesky(m, rhs, rank);
            for (int a = 0; a < rank; a++) {
                target[r][a] = (float) solution[a];
            }
        }
    }

    /** Solves m z = rhs for a symmetric positive definite m given by its lower triangle (overwritten). */
    static double[] cholesky(double[][] m, double[] rhs, int n) {
        for (int j = 0; j < n; j++) {
            double d = m[j][j];
            for (int k = 0; k < j; k++) {
                d -= m[j][k] * m[j][k];
            }
            d = Math.sqrt(Math.max(d, 1e-12));
            m[j][j] = d;
            for (int i = j + 1; i < n; i++) {
                double s = m[i][j];
                for (int k = 0; k < j; k++) {
                    s -= m[i][k] * m[j][k];
                }
                m[i][j] = s / d;
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = rhs[i];
            for (int k = 0; k < i; k++) {
                s -= m[i][k] * z[k];
            }
            z[i] = s / m[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= m[k][i] * z[k];
            }
            z[i] = s / m[i][i];
        }
        return z;
    }

    double score(int user, int item) {
        double s = 0;
        for (int k = 0; k < rank; k++) {
            s += userFactors[user][k] * itemFactors[item][k];
        }
        return s;
    }
}
