package org.lambdamusic.serving.model;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No model has been loaded yet (start-up, or nothing published): 503 problem. */
public class ModelNotLoadedException extends ErrorResponseException {
    public ModelNotLoadedException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "No model is loaded yet; the serving layer is waiting for models/LATEST in the object store.");
        problem.setTitle("Model not loaded");
        return problem;
    }
}
