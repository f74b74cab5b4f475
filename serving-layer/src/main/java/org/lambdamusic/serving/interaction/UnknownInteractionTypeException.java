package org.lambdamusic.serving.interaction;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An interaction_type other than play, like or skip: 400 problem. */
public class UnknownInteractionTypeException extends ErrorResponseException {
    public UnknownInteractionTypeException(String type) {
        super(HttpStatus.BAD_REQUEST, problem(type), null);
    }

    private static ProblemDetail problem(String type) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST,
                        "interaction_type '" + type + "' is not one of play, like, skip.");
        problem.setTitle("Unknown interaction type");
        return problem;
    }
}
