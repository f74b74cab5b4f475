package org.lambdamusic.clustertests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The Flink session cluster's REST API (JobManager, 127.0.0.1:8081), read only. */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonNode get(String path) {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(ClusterPipeline.FLINK_REST + path))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The speed-layer job that is not finished (RUNNING, RESTARTING, CREATED ...), if any. */
    Optional<String> speedJob() {
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            String state = job.path("state").asText();
            if (job.path("name").asText().equals("speed-layer")
                    && !state.equals("CANCELED")
                    && !state.equals("FAILED")
                    && !state.equals("FINISHED")) {
                return Optional.of(job.path("jid").asText());
            }
        }
        return Optional.empty();
    }

    /** The job is RUNNING and so is every one of its tasks. */
    boolean allRunning(String jid) {
        JsonNode job = get("/jobs/" + jid);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    int maxParallelism(String jid) {
        int max = 0;
        for (JsonNode vertex : get("/jobs/" + jid).path("vertices")) {
            max = Math.max(max, vertex.path("parallelism").asInt());
        }
        return max;
    }

    long completedCheckpoints(String jid) {
        return get("/jobs/" + jid + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** What the job restored from at its last (re)start: {@code latest.restored}, or missing. */
    JsonNode restored(String jid) {
        return get("/jobs/" + jid + "/checkpoints").path("latest").path("restored");
    }
}
