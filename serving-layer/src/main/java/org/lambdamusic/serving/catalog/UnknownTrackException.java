package org.lambdamusic.serving.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A track id that is not in the served model: 404 problem. */
public class UnknownTrackException extends ErrorResponseException {
    public UnknownTrackException(String trackId, String modelVersion) {
        super(HttpStatus.NOT_FOUND, problem(trackId, modelVersion), null);
    }

    private static ProblemDetail problem(String trackId, String modelVersion) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND,
                        "No track with id '"
                                + trackId
                                + "' in model version "
                                + modelVersion
                                + ".");
        problem.setTitle("Unknown track");
        problem.setProperty("track_id", trackId);
        return problem;
    }
}
