package org.lambdamusic.serving.model;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The object store could not be read (unreachable, timed out, refused): 503 problem for a client;
 * for the model poller, a reason to try again at the next poll, never a refusal of the version.
 */
public class ObjectStoreUnavailableException extends ErrorResponseException {
    public ObjectStoreUnavailableException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "The object store cannot be read at the moment.");
        problem.setTitle("Object store unavailable");
        return problem;
    }

    /** What went wrong underneath, for the log; the client's problem never carries it. */
    @Override
    public String getMessage() {
        return String.valueOf(getCause());
    }
}
