package org.lambdamusic.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Tracks of the served model, from {@code GET /api/tracks}. */
final class Catalog {
    private Catalog() {}

    /** The first {@code n} tracks of the sample (recommendable: seeds for /api/recommend). */
    static List<JsonNode> recommendable(ServingApi api, int n) {
        return page(api, "/api/tracks?recommendable=true&limit=" + n, n);
    }

    /** Ids of {@code n} tracks of the catalogue. */
    static List<String> trackIds(ServingApi api, int n) {
        return page(api, "/api/tracks?limit=" + n, n).stream()
                .map(t -> t.path("track_id").asText())
                .toList();
    }

    private static List<JsonNode> page(ServingApi api, String path, int n) {
        ServingApi.Answer answer = api.get(path, null);
        assertThat(answer.status()).as("GET " + path).isEqualTo(200);
        List<JsonNode> tracks = new ArrayList<>();
        answer.body().path("items").forEach(tracks::add);
        assertThat(tracks).as(path).hasSize(n);
        return tracks;
    }
}
