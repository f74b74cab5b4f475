package org.lambdamusic.serving.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.lambdamusic.serving.security.Tokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.builders.WebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic on {@code /api/admin/**} (user {@code admin}, password ADMIN_PASSWORD) and, with
 * SECURITY_MODE=jwt, a bearer token with the admin role. Every other path is the security package's
 * ListenerSecurity chain (open in the default mode: the public API, OpenAPI and the web UI behave
 * as they did). Stateless: no session, no cookie, hence no CSRF protection needed on the admin
 * chain; credentials come with every request.
 *
 * <p>A missing or wrong password gets 401 with a problem+json body. The {@code WWW-Authenticate}
 * challenge is left out for requests sent with {@code X-Requested-With: XMLHttpRequest} (the web
 * UI), so the browser shows the page's own form instead of its login dialog and never caches the
 * credentials. Without ADMIN_PASSWORD the admin API answers 503 (it is off); the {@code production}
 * profile refuses to start without one.
 *
 * <p>Implements {@link WebSecurityCustomizer} (with nothing to customise) because {@code
 * WebMvcTest} slices include components of that type: every controller slice test then runs with
 * these rules instead of Boot's default of securing everything.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminSecurity implements WebSecurityCustomizer {
    static final String REALM = "lambdamusic-admin";

    private final AdminProperties properties;

    public AdminSecurity(AdminProperties properties, Environment environment) {
        this.properties = properties;
        if (!properties.enabled() && environment.acceptsProfiles(Profiles.of("production"))) {
            throw new IllegalStateException(
                    "ADMIN_PASSWORD is not set: the production profile refuses to start without"
                            + " the admin API's password (HTTP Basic, user admin)");
        }
    }

    @Override
    public void customize(WebSecurity web) {
        // Nothing to ignore: paths outside /api/admin/** match no filter chain anyway.
    }

    @Bean
    public SecurityFilterChain adminApi(
            HttpSecurity http, ObjectMapper json, ObjectProvider<JwtDecoder> tokens)
            throws Exception {
        // SECURITY_MODE=jwt (security package): a bearer token with the admin role opens the admin
        // API as well; Basic keeps working beside it.
        JwtDecoder decoder = tokens.getIfAvailable();
        AuthenticationEntryPoint problems =
                new ProblemEntryPoint(properties, json, decoder != null);
        if (decoder != null) {
            http.oauth2ResourceServer(
                    o ->
                            o.jwt(
                                            j ->
                                                    j.decoder(decoder)
                                                            .jwtAuthenticationConverter(
                                                                    Tokens.converter()))
                                    .authenticationEntryPoint(problems));
        }
        http.securityMatcher("/api/admin/**")
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    public UserDetailsService adminUser(PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (properties.enabled()) {
            users.createUser(
                    User.withUsername(AdminProperties.USER)
                            .password(encoder.encode(properties.password()))
                            .roles("ADMIN")
                            .build());
        }
        return users;
    }

    /**
     * BCrypt at its lowest cost: the hash only ever lives in this JVM's memory, next to the
     * password it came from, so a high cost would protect nothing and would cost every admin
     * request (the models page polls the runs) tens of milliseconds of CPU.
     */
    @Bean
    public PasswordEncoder adminPasswordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    /** 401 (503 when the admin API is off) as application/problem+json. */
    static final class ProblemEntryPoint implements AuthenticationEntryPoint {
        private final AdminProperties properties;
        private final ObjectMapper json;
        private final boolean tokens;

        ProblemEntryPoint(AdminProperties properties, ObjectMapper json, boolean tokens) {
            this.properties = properties;
            this.json = json;
            this.tokens = tokens;
        }

        @Override
        public void commence(
                HttpServletRequest request,
                HttpServletResponse response,
                AuthenticationException failure)
                throws IOException {
            ProblemDetail problem;
            if (!properties.enabled() && !tokens) {
                problem =
                        ProblemDetail.forStatusAndDetail(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "The admin API is off: ADMIN_PASSWORD is not set on this instance"
                                        + " (./pipeline up generates one into"
                                        + " $PIPELINE_DATA/admin.password).");
                problem.setTitle("Admin API disabled");
            } else {
                problem =
                        ProblemDetail.forStatusAndDetail(
                                HttpStatus.UNAUTHORIZED,
                                failure instanceof BadCredentialsException
                                        ? "Wrong user or password for the admin API."
                                        : "The admin API needs HTTP Basic credentials: user"
                                                + " admin, password ADMIN_PASSWORD"
                                                + (tokens
                                                        ? ", or a bearer token with the admin"
                                                                + " role."
                                                        : "."));
                problem.setTitle("Unauthorized");
                if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                }
            }
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        }
    }
}
