package org.lambdamusic.serving.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.retrain.AppInstances;

/** What jwt mode refuses at start, and ./pipeline token's command. */
class SecurityPropertiesTest {
    private static final String GOOD = "a-real-random-secret-of-more-than-32-bytes";

    @Test
    void jwtModeNeedsASecretOrAJwkSetUriOfHs256Length() {
        assertThat(props("open", "").jwtProblem(true)).isNull();
        assertThat(props("jwt", "").jwtProblem(false)).contains("needs JWT_SECRET");
        assertThat(props("jwt", "short").jwtProblem(false)).contains("too short");
        assertThat(props("jwt", GOOD).jwtProblem(true)).isNull();
        assertThat(
                        new SecurityProperties("jwt", "", "https://idp.example/jwks", false)
                                .jwtProblem(true))
                .isNull();
        assertThatThrownBy(() -> props("kerberos", ""))
                .hasMessageContaining("SECURITY_MODE must be open or jwt");
    }

    @Test
    void theProductionProfileRefusesAPlaceholderSecret() {
        String placeholder = "change-me-to-a-long-random-jwt-secret-of-32-bytes-or-more";
        assertThat(props("jwt", placeholder).jwtProblem(false)).isNull();
        assertThat(props("jwt", placeholder).jwtProblem(true)).contains("placeholder");
        assertThatThrownBy(
                        () ->
                                AppInstances.run(
                                                Map.of(
                                                        "server.port", "0",
                                                        "serving.retrain.cron", "-",
                                                        "serving.admin.password", "s3cret",
                                                        "serving.security.mode", "jwt",
                                                        "serving.security.jwt-secret", placeholder),
                                                "production")
                                        .close())
                .hasStackTraceContaining("placeholder");
        assertThatThrownBy(
                        () ->
                                AppInstances.run(
                                                Map.of(
                                                        "server.port", "0",
                                                        "serving.retrain.cron", "-",
                                                        "serving.admin.password", "s3cret",
                                                        "serving.security.mode", "jwt"),
                                                "production")
                                        .close())
                .hasStackTraceContaining("needs JWT_SECRET");
    }

    @Test
    void theTokenCommandPrintsOnlyTheToken() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                TokenCommand.run(
                        new String[] {"ana", "--admin"},
                        Map.of("JWT_SECRET", GOOD),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

        assertThat(
                        TokenCommand.run(
                                new String[] {"ana"},
                                Map.of(),
                                new PrintStream(new ByteArrayOutputStream()),
                                new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(1);
        assertThat(
                        TokenCommand.run(
                                new String[] {},
                                Map.of("JWT_SECRET", GOOD),
                                new PrintStream(new ByteArrayOutputStream()),
                                new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }

    private static SecurityProperties props(String mode, String secret) {
        return new SecurityProperties(mode, secret, "", false);
    }
}
