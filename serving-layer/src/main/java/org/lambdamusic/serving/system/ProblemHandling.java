package org.lambdamusic.serving.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as application/problem+json (RFC 9457, Spring's ProblemDetail): Spring MVC's
 * own exceptions (unknown path, wrong method or content type, malformed JSON, failed validation)
 * through the base class, the domain's {@code ErrorResponseException}s (unknown track or user, no
 * model, Kafka down) as they are, and anything unexpected as a generic 500 whose stack trace goes
 * to the log, never to the client.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        List<String> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(snakeCase(error.getField()) + ": " + error.getDefaultMessage());
        }
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(e.getDefaultMessage()));
        errors.sort(null);
        return handleExceptionInternal(
                ex, invalidRequest(ex.getBody(), errors), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        List<String> errors = new ArrayList<>();
        ex.getParameterValidationResults()
                .forEach(
                        result ->
                                result.getResolvableErrors()
                                        .forEach(
                                                e ->
                                                        errors.add(
                                                                result.getMethodParameter()
                                                                                .getParameterName()
                                                                        + ": "
                                                                        + e.getDefaultMessage())));
        return handleExceptionInternal(
                ex, invalidRequest(ex.getBody(), errors), headers, status, request);
    }

    /** The one shape of a validation problem: every violation, sorted, in detail and errors. */
    private static ProblemDetail invalidRequest(ProblemDetail problem, List<String> errors) {
        problem.setTitle("Invalid request");
        problem.setDetail(String.join("; ", errors));
        problem.setProperty("errors", errors);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                ProblemDetail problem = RequestBodyLimit.tooLarge(0);
                problem.setDetail(tooLarge.getMessage() + ".");
                return handleExceptionInternal(
                        ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Malformed request body");
        problem.setDetail(readableReason(ex));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * Every problem this class answers goes out as application/problem+json whatever the Accept
     * header says: negotiated against an Accept header that does not parse, or that excludes JSON,
     * an error response would otherwise leave without a body (a 406, and any 4xx with {@code
     * Accept: garbage}).
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body,
            HttpHeaders headers,
            HttpStatusCode statusCode,
            WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        if (body instanceof ProblemDetail && problemHeaders.getContentType() == null) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.createResponseEntity(body, problemHeaders, statusCode, request);
    }

    /**
     * A request declaring multipart/form-data whose body is not multipart (no boundary, no parts):
     * the API takes no multipart anywhere, so this is the client's error, not a 500.
     */
    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<ProblemDetail> malformedMultipart(MultipartException ex) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST,
                        "The request is declared multipart/form-data but its body cannot be read"
                                + " as such; this API takes JSON bodies only.");
        problem.setTitle("Malformed multipart request");
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The last line of defence: log the bug, tell the client nothing about the internals. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception ex, WebRequest request) {
        log.error("unexpected error on {}", request.getDescription(false), ex);
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "The server failed to handle this request; the error is logged.");
        problem.setTitle("Internal error");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String readableReason(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JsonMappingException mapping) {
            // Jackson's own message names the Java type it was filling (`java.lang.Integer`, a
            // request record's class); the client is told the JSON field and what it must hold.
            return "The body is not valid JSON of the expected shape: "
                    + field(mapping)
                    + expected(mapping)
                    + location(mapping);
        }
        if (cause instanceof JsonProcessingException json) {
            // A syntax error: the parser's message speaks of characters and tokens only.
            return "The body is not valid JSON: "
                    + firstLine(json.getOriginalMessage())
                    + location(json);
        }
        String message = ex.getMessage();
        if (message != null && message.startsWith("Required request body is missing")) {
            return "A JSON request body is required.";
        }
        return "The request body could not be read.";
    }

    /**
     * The JSON path of the value that did not fit, e.g. {@code top_n: } or {@code exclude[0]: }.
     */
    private static String field(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the body " : path + " ";
    }

    /** What the value must be, in JSON's words rather than Java's. */
    private static String expected(JsonMappingException mapping) {
        Class<?> type =
                mapping instanceof MismatchedInputException mismatch
                        ? mismatch.getTargetType()
                        : null;
        if (type == null) {
            return "has a value this API does not accept";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "must be a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == short.class
                || type == Short.class
                || type == byte.class
                || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "must be a whole number in range";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (type.isEnum()) {
            return "must be one of the documented values";
        }
        return "must be a JSON object";
    }

    private static String location(JsonProcessingException json) {
        return json.getLocation() == null
                ? ""
                : " (line "
                        + json.getLocation().getLineNr()
                        + ", column "
                        + json.getLocation().getColumnNr()
                        + ")";
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
