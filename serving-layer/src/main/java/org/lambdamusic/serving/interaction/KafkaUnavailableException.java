package org.lambdamusic.serving.interaction;

import org.lambdamusic.serving.kafka.BrokerStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Kafka cannot take the event right now: 503 problem; the client may retry later, with the
 * problem's {@code event_id} as its idempotency key.
 */
public class KafkaUnavailableException extends ErrorResponseException {
    public KafkaUnavailableException(
            String detail, String eventId, BrokerStatus status, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail, eventId, status), cause);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem(String detail, String eventId, BrokerStatus status) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Kafka unavailable");
        problem.setProperty("event_id", eventId);
        problem.setProperty("kafka", status);
        return problem;
    }
}
