package org.lambdamusic.serving.system;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A constant answer: the baseline the benchmark compares the real endpoints against. */
@RestController
public class PingController {
    private static final Map<String, String> PONG = Map.of("status", "ok");

    @Operation(summary = "Constant answer, for liveness checks and as the benchmark baseline")
    @GetMapping("/api/ping")
    public Map<String, String> ping() {
        return PONG;
    }
}
