package org.lambdamusic.contracts.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ScalerParams;

class ForYouRankingTest {
    private static final int[] NONE = new int[0];
    private static final ScalerParams SCALER =
            new ScalerParams(
                    AudioFeatures.NAMES,
                    new double[AudioFeatures.COUNT],
                    ones(AudioFeatures.COUNT));

    /** Four tracks; factors for rows 0..2: y0 = (1, 0), y1 = (0, 1), y2 = (2, 0). */
    private static RankingModel model(List<TrackScore> scores) {
        List<CatalogTrack> tracks = List.of(track(0, 1), track(1, 2), track(2, 3), track(3, 4));
        Factors factors =
                new Factors(
                        new FactorsInfo(FactorsInfo.ALGORITHM, 2, .1, 1, 1, 42, 3, 0, 3, 1),
                        new ItemFactors(2, new int[] {0, 1, 2}, new float[] {1, 0, 0, 1, 2, 0}),
                        ListenerFactors.none(2));
        return new RankingModel(
                tracks,
                SCALER,
                scores,
                factors,
                new ArtistIndex(tracks.toArray(CatalogTrack[]::new)),
                new AlsSettings(2, .1, 1, 1, 42),
                FeedbackSettings.DEFAULTS);
    }

    @Test
    void cfAloneRanksByTheProductOverTheBest() {
        // x = (1, .5): products 1, .5, 2 → cf = .5, .25, 1; row 3 has no factors → 0.
        Ranked r =
                ForYouRanking.rank(
                        model(List.of()),
                        new Taste(new float[] {1, .5f}, null),
                        ScoringSettings.CF_ONLY,
                        1.2,
                        NONE,
                        NONE,
                        3);

        assertThat(r.count()).isEqualTo(3);
        assertThat(r.rows()).startsWith(2, 0, 1);
        assertThat(r.scores()[0]).isCloseTo(1, within(1e-6));
        assertThat(r.scores()[1]).isCloseTo(.5, within(1e-6));
        assertThat(r.scores()[2]).isCloseTo(.25, within(1e-6));
        assertThat(r.signals()).startsWith(Signal.CF, Signal.CF, Signal.CF);
    }

    @Test
    void skipsRowsAndBoostsLikedArtists() {
        RankingModel model = model(List.of());
        int[] liked = model.artists().idsOf(List.of("Artist 1"));

        Ranked r =
                ForYouRanking.rank(
                        model,
                        new Taste(new float[] {1, .5f}, null),
                        ScoringSettings.CF_ONLY,
                        3,
                        liked,
                        new int[] {2},
                        2);

        // row 2 skipped; row 1: .25 × 3 = .75 beats row 0's .5
        assertThat(r.rows()).containsExactly(1, 0);
        assertThat(r.scores()[0]).isCloseTo(.75, within(1e-6));
        assertThat(r.boosts()).containsExactly(3, 1);
    }

    @Test
    void blendsCfWithThePopularityPriorAndNamesTheLeadingSignal() {
        // prior: row 3 scored 100 (the best) → 1; row 0 scored 10 → ln 11 / ln 101 = .5196
        RankingModel model =
                model(
                        List.of(
                                new TrackScore("id0", 10, 0, 0, 10),
                                new TrackScore("id3", 100, 0, 0, 100)));

        Ranked r =
                ForYouRanking.rank(
                        model,
                        new Taste(new float[] {1, .5f}, null),
                        new ScoringSettings(1, 0, 1),
                        1.2,
                        NONE,
                        NONE,
                        4);

        double prior0 = Math.log(11) / Math.log(101);
        // row 0: .5 + .5196; row 2: 1 + 0; row 3: 0 + 1 (tie with row 2: lower row first); row 1:
        // .25
        assertThat(r.rows()).containsExactly(0, 2, 3, 1);
        assertThat(r.scores()[0]).isCloseTo(.5 + prior0, within(1e-6));
        assertThat(r.signals())
                .containsExactly(Signal.POPULARITY, Signal.CF, Signal.POPULARITY, Signal.CF);
        assertThat(r.popularity()[0]).isCloseTo((float) prior0, within(1e-6f));
        assertThat(r.cf()[0]).isCloseTo(.5f, within(1e-6f));
    }

    @Test
    void aListenerWithoutFactorsGetsContentAndPopularity() {
        RankingModel model = model(List.of(new TrackScore("id1", 5, 0, 0, 5)));
        // centroid = track 3's own direction: its cosine is 1, the others' smaller.
        double[] centroid = model.content().centroid(List.of(model.track(3)));

        Ranked r =
                ForYouRanking.rank(
                        model,
                        new Taste(null, centroid),
                        new ScoringSettings(1, 1, .01),
                        1.2,
                        NONE,
                        NONE,
                        1);

        assertThat(r.rows()).containsExactly(3);
        assertThat(r.content()[0]).isCloseTo(1f, within(1e-5f));
        assertThat(r.signals()).containsExactly(Signal.CONTENT);
        assertThat(r.cf()[0]).isZero();
    }

    private static CatalogTrack track(int row, int seed) {
        double[] features = new double[AudioFeatures.COUNT];
        for (int f = 0; f < features.length; f++) {
            features[f] = Math.sin(seed * 7.0 + f * 1.3);
        }
        return new CatalogTrack(
                row, "id" + row, "Song " + row, "Artist " + row, "Album", "pop", 50, features);
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }
}
