package org.lambdamusic.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
    private static final String EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsTheSpecificationsExample() {
        TraceParent parent = TraceParent.parse(EXAMPLE).orElseThrow();

        assertThat(parent.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parent.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parent.flags()).isEqualTo("01");
        assertThat(parent.header()).isEqualTo(EXAMPLE);
    }

    @Test
    void aLaterVersionIsReadByItsFirstFourFields() {
        assertThat(
                        TraceParent.parse(
                                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever"))
                .map(TraceParent::traceId)
                .hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // trace id all zero
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // span id all zero
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // short trace id
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" // 00 has 4 fields
            })
    void anInvalidHeaderIsNoTrace(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();
    }

    @Test
    void aChildKeepsTheTraceWithANewSpanAndANewTraceIsValid() {
        TraceParent parent = TraceParent.parse(EXAMPLE).orElseThrow();
        TraceParent child = parent.child();

        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16);
        TraceParent fresh = TraceParent.start();
        assertThat(TraceParent.parse(fresh.header())).hasValue(fresh);
        assertThat(fresh.traceId()).isNotEqualTo(TraceParent.start().traceId());
        assertThat(TraceParent.childOf(parent.traceId()).traceId()).isEqualTo(parent.traceId());
        assertThatThrownBy(() -> TraceParent.childOf("nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
