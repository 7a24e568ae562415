package io.echotune.recommender.eval;

import io.echotune.recommender.ranking.CatalogIndex;
import io.echotune.recommender.ranking.FeatureSpace;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Offline ranking metrics, averaged over queries (users or playlists):
 * <ul>
 *   <li>HR@k: share of queries with at least one relevant item in the top k;</li>
 *   <li>NDCG@k: binary relevance, DCG = sum 1/log2(rank+1) over relevant items in the top k, over the ideal DCG of
 *   min(|relevant|, k) relevant items at the top;</li>
 *   <li>Recall@k: relevant items in the top k over |relevant|;</li>
 *   <li>coverage: distinct items recommended over all queries (top k), over the number of items that could be;</li>
 *   <li>ILD: intra-list diversity, the mean pairwise distance within one top-k list, averaged over lists (tracks:
 *   Euclidean distance of the 9 scaled audio features over sqrt(9), so 0..1; artists: Jaccard distance of genre
 *   tags).</li>
 * </ul>
 */
final class RankingMetrics {

    private final int k;
    private final int catalogItems;
    private int queries;
    private double hits;
    private double ndcg;
    private double recall;
    private double ild;
    private int ildLists;
    private final Set<Integer> recommended = new HashSet<>();

    RankingMetrics(int k, int catalogItems) {
        this.k = k;
        this.catalogItems = catalogItems;
    }

    /** One query: the ranked items (at least k if the system could) and the relevant set (non-empty). */
    void add(List<Integer> ranked, Set<Integer> relevant, double listDiversity) {
        queries++;
        double dcg = 0;
        int found = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            recommended.add(ranked.get(i));
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
                found++;
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        hits += found > 0 ? 1 : 0;
        ndcg += ideal > 0 ? dcg / ideal : 0;
        recall += relevant.isEmpty() ? 0 : (double) found / relevant.size();
        if (!Double.isNaN(listDiversity)) {
            ild += listDiversity;
            ildLists++;
        }
    }

    int queries() {
        return queries;
    }

    double hitRate() {
        return queries == 0 ? 0 : hits / queries;
    }

    double ndcg() {
        return queries == 0 ? 0 : ndcg / queries;
    }

    double recall() {
        return queries == 0 ? 0 : recall / queries;
    }

    double coverage() {
        return (double) recommended.size() / catalogItems;
    }

    double ild() {
        return ildLists == 0 ? Double.NaN : ild / ildLists;
    }

    static String row(String system, RankingMetrics at10, RankingMetrics atK) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.4f | %.3f |", system, at10.hitRate(),
                at10.ndcg(), atK.hitRate(), atK.ndcg(), atK.recall(), atK.coverage(), atK.ild());
    }

    static String header(int k) {
        return "| system | HR@10 | NDCG@10 | HR@" + k + " | NDCG@" + k + " | Recall@" + k + " | coverage@" + k
                + " | ILD@" + k + " |\n|---|---|---|---|---|---|---|---|";
    }

    /**
     * Mean pairwise feature distance of a track list (first k), over the catalog tracks in it: a track outside the
     * catalog (numbered from {@code catalog.size()}) has no features to compare.
     */
    static double featureDiversity(CatalogIndex catalog, List<Integer> list, int k) {
        List<Integer> tracks = list.subList(0, Math.min(k, list.size())).stream().filter(t -> t < catalog.size()).toList();
        int n = tracks.size();
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d2 = 0;
                int dims = 0;
                for (int d = 0; d < FeatureSpace.DIMENSIONS; d++) {
                    float x = catalog.feature(tracks.get(i), d);
                    float y = catalog.feature(tracks.get(j), d);
                    if (!Float.isNaN(x) && !Float.isNaN(y)) {
                        d2 += (x - y) * (x - y);
                        dims++;
                    }
                }
                if (dims > 0) {
                    sum += Math.sqrt(d2 * FeatureSpace.DIMENSIONS / dims) / Math.sqrt(FeatureSpace.DIMENSIONS);
                    pairs++;
                }
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
    }

    /** Mean pairwise genre-tag Jaccard distance of an artist list (first k). */
    static double genreDiversity(CatalogIndex catalog, List<Integer> artists, int k) {
        int n = Math.min(k, artists.size());
        if (n < 2) {
            return Double.NaN;
        }
        CatalogIndex.Csr ag = catalog.artistGenres();
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int a = artists.get(i);
                int b = artists.get(j);
                int shared = ag.intersectionSize(a, b);
                int union = ag.size(a) + ag.size(b) - shared;
                sum += union == 0 ? 1 : 1 - (double) shared / union;
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
