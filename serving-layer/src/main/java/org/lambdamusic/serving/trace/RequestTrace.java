package org.lambdamusic.serving.trace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.lambdamusic.contracts.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP request a trace: the client's W3C {@code traceparent} when it sends a valid one,
 * else a new trace; this server's span of it is answered in the response's {@code traceparent} and
 * put in the logging context ({@code trace_id}, {@code span_id}), so every log line of the request
 * carries it, and an interaction sends it on as a Kafka record header (InteractionPublisher) to the
 * speed layer's log lines and dead letters. Once the request is answered, one log line ({@code
 * request}, logger {@code org.lambdamusic.serving.trace.RequestTrace}) with the method, path,
 * status, latency and the listener where known: with the JSON console format each is a field.
 *
 * <p>First of all filters, so the security chain's 401/403 and the rate limiter's 429 are logged
 * with their trace too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestTrace extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestTrace.class);
    private static final String TRACE = RequestTrace.class.getName() + ".trace";
    private static final String LISTENER = RequestTrace.class.getName() + ".listener";

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TraceParent span =
                TraceParent.parse(request.getHeader(TraceParent.HEADER))
                        .map(TraceParent::child)
                        .orElseGet(TraceParent::start);
        request.setAttribute(TRACE, span);
        response.setHeader(TraceParent.HEADER, span.header());
        MDC.put("trace_id", span.traceId());
        MDC.put("span_id", span.spanId());
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            // Rounded to 0.01 ms once, for the field and the message alike (no String.format on
            // every request).
            double latencyMs = Math.round((System.nanoTime() - started) / 1e4) / 100.0;
            String listener = listenerOf(request);
            // Probes and scrapes (every few seconds) at DEBUG, so the log shows the traffic.
            boolean probe = request.getRequestURI().startsWith("/actuator");
            (probe ? LOG.atDebug() : LOG.atInfo())
                    .addKeyValue("method", request.getMethod())
                    .addKeyValue("path", request.getRequestURI())
                    .addKeyValue("status", response.getStatus())
                    .addKeyValue("latency_ms", latencyMs)
                    .addKeyValue("user_id", listener)
                    .log(
                            "request {} {} {} {} ms",
                            request.getMethod(),
                            request.getRequestURI(),
                            response.getStatus(),
                            latencyMs);
            MDC.remove("trace_id");
            MDC.remove("span_id");
        }
    }

    /**
     * The trace of the request this thread serves (this server's span), if it serves one: what an
     * interaction sends on to Kafka.
     */
    public static Optional<TraceParent> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes == null
                ? Optional.empty()
                : Optional.ofNullable(
                        (TraceParent)
                                attributes.getAttribute(TRACE, RequestAttributes.SCOPE_REQUEST));
    }

    /** Names the listener the request is about, for its log line (a controller knows it). */
    public static void listener(String userId) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null && userId != null) {
            attributes.setAttribute(LISTENER, userId, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** The listener a controller named, else the authenticated caller (a token's subject). */
    private static String listenerOf(HttpServletRequest request) {
        Object named = request.getAttribute(LISTENER);
        if (named != null) {
            return named.toString();
        }
        return request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
    }
}
