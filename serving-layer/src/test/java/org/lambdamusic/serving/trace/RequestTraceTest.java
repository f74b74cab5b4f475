package org.lambdamusic.serving.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.trace.TraceParent;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The request's trace: from the client's traceparent or new, in the log context and log line. */
class RequestTraceTest {
    private static final String CLIENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final Logger logger = (Logger) LoggerFactory.getLogger(RequestTrace.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void listen() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(level);
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aClientsTraceIsContinuedLoggedAndHandedOn() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/interact");
        request.addHeader(TraceParent.HEADER, CLIENT);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> mdcInside = new AtomicReference<>();
        AtomicReference<TraceParent> current = new AtomicReference<>();

        new RequestTrace()
                .doFilter(
                        request,
                        response,
                        (req, res) -> {
                            // As Spring MVC does for the controller.
                            RequestContextHolder.setRequestAttributes(
                                    new ServletRequestAttributes(request));
                            RequestTrace.listener("ana");
                            mdcInside.set(MDC.get("trace_id"));
                            current.set(RequestTrace.current().orElseThrow());
                            ((MockHttpServletResponse) res).setStatus(202);
                        });

        TraceParent answered =
                TraceParent.parse(response.getHeader(TraceParent.HEADER)).orElseThrow();
        assertThat(answered.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(answered.spanId()).as("this server's span").isNotEqualTo("00f067aa0ba902b7");
        assertThat(current.get()).isEqualTo(answered);
        assertThat(mdcInside.get()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get("trace_id")).as("cleared after the request").isNull();

        ILoggingEvent line = logged.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", answered.traceId());
        Map<String, Object> fields =
                line.getKeyValuePairs().stream()
                        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
        assertThat(fields)
                .containsEntry("method", "POST")
                .containsEntry("path", "/api/interact")
                .containsEntry("status", 202)
                .containsEntry("user_id", "ana")
                .containsKey("latency_ms");
        assertThat((Double) fields.get("latency_ms")).isNotNegative();
        assertThat(line.getFormattedMessage()).startsWith("request POST /api/interact 202 ");
    }

    @Test
    void withoutAValidTraceparentARequestStartsItsOwn() throws Exception {
        for (String header :
                new String[] {
                    null, "00-nope", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                }) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/stats");
            if (header != null) {
                request.addHeader(TraceParent.HEADER, header);
            }
            MockHttpServletResponse response = new MockHttpServletResponse();

            new RequestTrace().doFilter(request, response, (req, res) -> {});

            TraceParent started =
                    TraceParent.parse(response.getHeader(TraceParent.HEADER)).orElseThrow();
            assertThat(started.traceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(logged.list.get(logged.list.size() - 1).getMDCPropertyMap())
                    .containsEntry("trace_id", started.traceId());
        }
        assertThat(logged.list)
                .extracting(
                        e ->
                                e.getKeyValuePairs().stream()
                                        .filter(kv -> kv.key.equals("user_id"))
                                        .findFirst()
                                        .orElseThrow()
                                        .value)
                .containsOnlyNulls();
    }

    @Test
    void probesAreLoggedAtDebugOnly() throws Exception {
        new RequestTrace()
                .doFilter(
                        new MockHttpServletRequest("GET", "/actuator/health/readiness"),
                        new MockHttpServletResponse(),
                        (req, res) -> {});

        assertThat(logged.list)
                .singleElement()
                .extracting(ILoggingEvent::getLevel)
                .isEqualTo(Level.DEBUG);
    }
}
