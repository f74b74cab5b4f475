package org.lambdamusic.serving.system;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as problem+json instead of its HTML page. The host's error report valve
 * writes a body only for an error nothing else answered: in practice the requests Tomcat refuses
 * itself, before any filter or servlet (and so before ProblemHandling and ProblemErrorController)
 * runs: an invalid %-encoding, an encoded slash, backslash or NUL in the path, a character not
 * allowed in the request target, a request line or header over the size limit. Errors inside the
 * application already have their problem written by then, and the valve leaves them alone.
 *
 * <p>The body is the same {@link ProblemDetail} shape, written by the application's ObjectMapper;
 * it says nothing of Tomcat's reason or of any exception (the request target it would quote is
 * attacker-controlled, and stack traces stay in the log).
 */
public class ProblemReportValve extends ErrorReportValve {
    private final ObjectWriter json;

    public ProblemReportValve(ObjectMapper json) {
        // ASCII only: the body reads the same whatever charset Tomcat's writer uses.
        this.json = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As the HTML report: nothing for a success, for a body already written, or for an
        // error already reported.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String body = json.writeValueAsString(problem(status, throwable));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            // No filter ran (SecurityHeaders among them): the headers a JSON error needs, here.
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", "default-src 'none'");
            response.setHeader("Cache-Control", "no-store");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                // null: the response is committed already, nothing can be written
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response committed: nothing left to tell it
        }
    }

    /** The problem of an error Tomcat answers itself. */
    static ProblemDetail problem(int status, Throwable throwable) {
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        if (known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        if (status == HttpStatus.BAD_REQUEST.value()) {
            problem.setTitle("Malformed request");
            problem.setDetail(
                    "The server could not parse the request: its target or headers are malformed"
                            + " (an invalid %-encoding, an encoded '/', '\\' or NUL, a character"
                            + " not allowed in a URL) or over the size limit.");
        } else if (status >= 500 && throwable != null) {
            problem.setTitle("Internal error");
            problem.setDetail("The server failed to handle this request; the error is logged.");
        } else {
            problem.setDetail("The server refused the request before the application saw it.");
        }
        return problem;
    }
}
