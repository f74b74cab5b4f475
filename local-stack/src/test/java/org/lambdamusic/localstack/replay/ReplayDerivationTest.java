package org.lambdamusic.localstack.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.interaction.ReplayedListeners;
import org.lambdamusic.contracts.model.CatalogTrack;

class ReplayDerivationTest {
    private static final long BASE = ReplayRules.BASE.toEpochMilli(); // 2011-05-01T00:00:00Z
    private static final long SLOT = 4 * 60_000L;

    private final ReplayDerivation derivation = new ReplayDerivation(ReplayRules.DEFAULT);

    @ParameterizedTest
    @CsvSource({
        "0, 1",
        "1, 1",
        "9, 1",
        "10, 2",
        "99, 2",
        "100, 3",
        "9999, 4",
        "10000, 5",
        "352698, 5"
    })
    void onePlayPerDecadeOfListeningCountAtMostFive(long weight, int plays) {
        assertThat(ReplayRules.DEFAULT.plays(weight)).isEqualTo(plays);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "5, 1", "6, 2", "10, 2", "11, 3", "50, 10"})
    void theHeaviestFifthOfMatchedArtistsIsLikedAtLeastOne(int matched, int liked) {
        assertThat(ReplayRules.DEFAULT.likedArtists(matched)).isEqualTo(liked);
    }

    @Test
    void listenerTwoOfTheFixtureHandComputed() {
        // Sigur Rós 1234 plays -> 4 plays round its 3 tracks, then a like (heaviest artist of 2,
        // so the only liked one); The Beatles 56 -> 2 plays; Unknown Band is not in the catalogue.
        ListenerTaste two = taste(2);

        assertThat(derivation.events(two))
                .containsExactly(
                        play("lastfm:2:1:play:0", 2, "t-sig-1", 0),
                        play("lastfm:2:1:play:1", 2, "t-sig-2", 1),
                        play("lastfm:2:1:play:2", 2, "t-sig-3", 2),
                        play("lastfm:2:1:play:3", 2, "t-sig-1", 3),
                        like("lastfm:2:1:like", 2, "t-sig-1", 4),
                        play("lastfm:2:2:play:0", 2, "t-beat-1", 5),
                        play("lastfm:2:2:play:1", 2, "t-beat-2", 6));
    }

    @Test
    void aListenerWithoutAnyArtistInTheCatalogueProducesNothing() {
        ListenerTaste three = taste(3);

        assertThat(three.listened()).hasSize(1);
        assertThat(three.matched()).isEmpty();
        assertThat(derivation.events(three)).isEmpty();
    }

    @Test
    void equalWeightsGoByArtistIdAndTheLikesFollowTheRanking() {
        // Six matched artists: two liked (ceil(6/5)). Artists 20 and 10 tie at 500 listens (3
        // plays each); 10 ranks first although its row comes second.
        Map<Integer, String> names = new HashMap<>();
        List<ArtistListening> rows = new ArrayList<>();
        List<CatalogTrack> tracks = new ArrayList<>();
        for (int id = 10; id <= 60; id += 10) {
            names.put(id, "Artist " + id);
            tracks.add(ReplayFixture.track(tracks.size(), "t" + id, "Song", "Artist " + id, 50));
        }
        rows.add(new ArtistListening(9, 20, 500));
        rows.add(new ArtistListening(9, 10, 500));
        for (int id = 30; id <= 60; id += 10) {
            rows.add(new ArtistListening(9, id, 5));
        }
        ListenerTaste taste =
                ListenerTastes.match(
                                new LastfmDataset(names, rows),
                                ReplayCatalog.of(tracks, List.of(), 3, ReplayFixture.VERSION),
                                1)
                        .get(0);

        List<InteractionEvent> events = derivation.events(taste);

        assertThat(events)
                .filteredOn(e -> e.type() == InteractionType.LIKE)
                .extracting(InteractionEvent::eventId)
                .containsExactly("lastfm:9:10:like", "lastfm:9:20:like");
        assertThat(events.get(0).eventId()).isEqualTo("lastfm:9:10:play:0");
        assertThat(events).hasSize((3 + 1) * 2 + 4);
    }

    @Test
    void eventIdsFollowTheClientIdRuleAndTimesAreOneSlotApart() {
        List<InteractionEvent> events = derivation.events(taste(2));

        assertThat(events)
                .extracting(InteractionEvent::eventId)
                .allMatch(id -> id.matches("[A-Za-z0-9._:-]{8,64}"))
                .doesNotHaveDuplicates();
        for (int k = 0; k < events.size(); k++) {
            assertThat(events.get(k).timestamp()).isEqualTo(BASE + k * SLOT);
            assertThat(ReplayedListeners.isReplayed(events.get(k).userId())).isTrue();
        }
    }

    @Test
    void aListenerWhoseEventsWouldOutliveTheSpeedLayersRetentionIsRefused() {
        ReplayRules tight =
                new ReplayRules(
                        ReplayRules.BASE, Duration.ofMinutes(4), 5, 3, 5, Duration.ofMinutes(20));

        // listener 2 has 7 events: the last one 24 minutes after the first
        assertThatThrownBy(() -> new ReplayDerivation(tight).events(taste(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("listener 2's 7 events span more than PT20M");
    }

    @Test
    void thePlanInterleavesListenersByEventTime() {
        ReplayPlan plan = ReplayFixture.plan();

        assertThat(plan.events())
                .extracting(InteractionEvent::eventId)
                .containsExactly(
                        "lastfm:2:1:play:0",
                        "lastfm:5:4:play:0",
                        "lastfm:2:1:play:1",
                        "lastfm:5:4:like",
                        "lastfm:2:1:play:2",
                        "lastfm:2:1:play:3",
                        "lastfm:2:1:like",
                        "lastfm:2:2:play:0",
                        "lastfm:2:2:play:1");
        assertThat(plan.events().get(1)).isEqualTo(play("lastfm:5:4:play:0", 5, "t-strasse", 0));
    }

    @Test
    void figuresOfTheFixtureHandComputed() {
        ReplayFigures figures = ReplayFigures.of(ReplayFixture.plan());

        assertThat(figures.summary())
                .isEqualTo(
                        "events=9 plays=7 likes=2 listeners=3 listeners_with_events=2"
                                + " artists_matched=3/4 rows_matched=3/5 (60.0%)"
                                + " listening_matched=1297/101796 (1.3%) tracks_touched=6"
                                + " recommendable_touched=3 recommendable_events=5");
    }

    private static ListenerTaste taste(int user) {
        return ListenerTastes.match(
                        ReplayFixture.dataset(), ReplayFixture.catalog(), Integer.MAX_VALUE)
                .stream()
                .filter(t -> t.datasetUserId() == user)
                .findFirst()
                .orElseThrow();
    }

    private static InteractionEvent play(String id, int user, String track, int slot) {
        return event(id, user, track, InteractionType.PLAY, slot);
    }

    private static InteractionEvent like(String id, int user, String track, int slot) {
        return event(id, user, track, InteractionType.LIKE, slot);
    }

    private static InteractionEvent event(
            String id, int user, String track, InteractionType type, int slot) {
        return new InteractionEvent(id, "lastfm-" + user, track, type, BASE + slot * SLOT);
    }
}
