package org.lambdamusic.serving.recommend;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A catalogue track the served sample model has no similarities for: 404 problem that says so,
 * distinct from an unknown track, so a client can tell the listener why.
 */
public class TrackNotInSampleException extends ErrorResponseException {
    public TrackNotInSampleException(String trackId, int sampleSize, String modelVersion) {
        super(HttpStatus.NOT_FOUND, problem(trackId, sampleSize, modelVersion), null);
    }

    private static ProblemDetail problem(String trackId, int sampleSize, String modelVersion) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND,
                        String.format(
                                java.util.Locale.ROOT,
                                "Track %s is in the catalogue but not among the %,d tracks of"
                                        + " sample model %s, so it cannot seed recommendations;"
                                        + " pick a track of the sample, or serve a full-catalog"
                                        + " model (batch --sample all).",
                                trackId,
                                sampleSize,
                                modelVersion));
        problem.setTitle("Track not in the sample model");
        problem.setProperty("track_id", trackId);
        problem.setProperty("model_version", modelVersion);
        problem.setProperty("sample_size", sampleSize);
        return problem;
    }
}
