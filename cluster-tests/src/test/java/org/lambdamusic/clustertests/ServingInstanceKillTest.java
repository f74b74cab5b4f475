package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves: both instances take interactions only from the listener a token names (cluster mode is
 * SECURITY_MODE=jwt); the two serving instances share one state (the bucket's model, the speed
 * layer's topics), so a like sent through one is a ×1.2 boost through the other; when one instance
 * is killed (kill -9), the other keeps answering every request; the killed one, started again with
 * {@code ./pipeline up}, answers exactly as the survivor does, with the likes sent while it was
 * down.
 */
@Order(1)
@ExtendWith(ClusterPipelineExtension.class)
class ServingInstanceKillTest {
    private static final Duration PROPAGATION = Duration.ofSeconds(90);

    private final ServingApi first = new ServingApi(ClusterPipeline.SERVING_1);
    private final ServingApi second = new ServingApi(ClusterPipeline.SERVING_2);

    @Test
    void theOtherInstanceKeepsAnsweringAndSeesTheSameLikes(ClusterPipeline cluster)
            throws Exception {
        String user = "serving-kill-" + UUID.randomUUID().toString().substring(0, 8);
        String token = cluster.token(user);
        String seed = Catalog.recommendable(first, 1).get(0).path("track_id").asText();

        // Cluster mode runs SECURITY_MODE=jwt: a listener is who their token says.
        for (ServingApi api : new ServingApi[] {first, second}) {
            assertThat(api.interact(null, user, seed, "like").status())
                    .as(api.base() + " without a token")
                    .isEqualTo(401);
            assertThat(api.interact(cluster.token("someone-else"), user, seed, "like").status())
                    .as(api.base() + " with another listener's token")
                    .isEqualTo(403);
        }

        // Two tracks of other artists than the seed's, from the unboosted answer.
        JsonNode plain = first.recommend(token, user, seed, 20).body();
        List<JsonNode> picks = otherArtists(plain.path("recommendations"), 2);
        JsonNode viaSecond = picks.get(0);
        JsonNode viaFirst = picks.get(1);

        // A like through :8090 boosts through :8080.
        long liked = System.nanoTime();
        assertThat(second.interact(token, user, id(viaSecond), "like").status()).isEqualTo(202);
        await("the like through :8090 boosting through :8080")
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> boosted(first, token, user, seed, id(viaSecond)));
        double propagationSeconds = (System.nanoTime() - liked) / 1e9;
        JsonNode boosted = find(first.recommend(token, user, seed, 20).body(), id(viaSecond));
        assertThat(boosted.path("boost").asDouble()).isEqualTo(1.2);
        assertThat(boosted.path("score").asDouble())
                .isCloseTo(
                        viaSecond.path("similarity").asDouble() * 1.2,
                        org.assertj.core.data.Offset.offset(1e-6));
        assertThat(viaSecond.path("artists").asText())
                .contains(boosted.path("boosted_by").asText());

        // kill -9 :8090 while :8080 is asked continuously.
        AtomicBoolean asking = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<Integer> failures = new ArrayList<>();
        Thread reader =
                new Thread(
                        () -> {
                            while (asking.get()) {
                                int status = first.recommend(token, user, seed, 10).status();
                                synchronized (failures) {
                                    if (status == 200) {
                                        answered.incrementAndGet();
                                    } else {
                                        failures.add(status);
                                    }
                                }
                            }
                        },
                        "reader-8080");
        reader.start();
        await(":8080 answering before the kill")
                .atMost(Duration.ofMinutes(1))
                .until(() -> asked(answered, failures) >= 20);
        cluster.kill9("serving-2");
        assertThat(second.get("/api/stats", token).status()).as(":8090 is gone").isZero();

        // The survivor takes a like and answers with it.
        assertThat(first.interact(token, user, id(viaFirst), "like").status()).isEqualTo(202);
        await("the like through :8080 boosting through :8080")
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> boosted(first, token, user, seed, id(viaFirst)));
        int askedAfterKill = asked(answered, failures);
        await(":8080 still asked after the kill")
                .atMost(Duration.ofMinutes(1))
                .until(() -> asked(answered, failures) >= askedAfterKill + 20);
        asking.set(false);
        reader.join();
        assertThat(failures).as("answers of :8080 other than 200 while :8090 died").isEmpty();
        assertThat(answered.get()).isPositive();

        // :8090 back the operator's way; it answers as :8080 does, both likes boosting.
        long restarted = System.nanoTime();
        cluster.up();
        await(":8090 answering with both likes")
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                boosted(second, token, user, seed, id(viaSecond))
                                        && boosted(second, token, user, seed, id(viaFirst)));
        double backSeconds = (System.nanoTime() - restarted) / 1e9;
        assertThat(second.recommend(token, user, seed, 20).body())
                .isEqualTo(first.recommend(token, user, seed, 20).body());
        assertThat(second.get("/api/user/" + user, token).body())
                .isEqualTo(first.get("/api/user/" + user, token).body());

        System.out.printf(
                "RELIABILITY serving-instance-kill: likes sent 2, accepted 2, boosting on both"
                        + " instances 2, lost 0, doubled 0; :8080 answered %d recommendations while"
                        + " :8090 was killed, 0 failed; like to boost across instances %.1f s;"
                        + " :8090 back (./pipeline up to same answers) %.1f s%n",
                answered.get(), propagationSeconds, backSeconds);
    }

    private static boolean boosted(
            ServingApi api, String token, String user, String seed, String track) {
        ServingApi.Answer answer = api.recommend(token, user, seed, 20);
        if (answer.status() != 200) {
            return false;
        }
        JsonNode item = find(answer.body(), track);
        return item != null && item.path("boost").asDouble() == 1.2;
    }

    private static JsonNode find(JsonNode recommendations, String track) {
        for (JsonNode item : recommendations.path("recommendations")) {
            if (id(item).equals(track)) {
                return item;
            }
        }
        return null;
    }

    private static List<JsonNode> otherArtists(JsonNode items, int count) {
        List<JsonNode> picks = new ArrayList<>();
        List<String> artists = new ArrayList<>();
        for (JsonNode item : items) {
            String artist = item.path("artists").asText();
            if (item.path("boost").asDouble() == 1.0 && !artists.contains(artist)) {
                picks.add(item);
                artists.add(artist);
            }
        }
        // Liking one must not boost the other: their artists must not overlap.
        for (int i = 0; i < picks.size(); i++) {
            for (int j = i + 1; j < picks.size(); j++) {
                if (overlap(picks.get(i), picks.get(j))) {
                    picks.remove(j--);
                }
            }
        }
        assertThat(picks)
                .as("recommendations of distinct artists")
                .hasSizeGreaterThanOrEqualTo(count);
        return picks.subList(0, count);
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        for (String artist : a.path("artists").asText().split(";")) {
            for (String other : b.path("artists").asText().split(";")) {
                if (artist.equals(other)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String id(JsonNode item) {
        return item.path("track_id").asText();
    }

    /** How many answers the reader has had so far, 200 or not. */
    private static int asked(AtomicInteger answered, List<Integer> failures) {
        synchronized (failures) {
            return answered.get() + failures.size();
        }
    }
}
