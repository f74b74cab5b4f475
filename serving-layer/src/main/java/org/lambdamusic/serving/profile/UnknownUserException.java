package org.lambdamusic.serving.profile;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A user the speed layer has no view of: 404 problem. */
public class UnknownUserException extends ErrorResponseException {
    public UnknownUserException(String userId) {
        super(HttpStatus.NOT_FOUND, problem(userId), null);
    }

    private static ProblemDetail problem(String userId) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND,
                        "No interactions have been seen for user '" + userId + "'.");
        problem.setTitle("Unknown user");
        problem.setProperty("user_id", userId);
        return problem;
    }
}
