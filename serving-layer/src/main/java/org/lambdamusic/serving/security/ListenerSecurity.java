package org.lambdamusic.serving.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * Everything outside /api/admin/** (AdminSecurity's chain): the listener API, actuator, OpenAPI and
 * the web UI. Stateless, no session or cookie, so no CSRF token is needed.
 *
 * <ul>
 *   <li>SECURITY_MODE=open: every listener id from anyone, as before.
 *   <li>SECURITY_MODE=jwt: POST /api/interact and GET /api/user/{id} need a bearer token (HS256
 *       with JWT_SECRET, or signed by a key of JWT_JWK_SET_URI) whose subject is that listener, or
 *       the admin role; the body's user_id of an interaction is checked by {@link ListenerIdCheck}.
 *       Reads (recommend, tracks, trending, stats, models) stay open: they carry no listener's
 *       private data except recommend's optional user_id, which only biases results (liked artists)
 *       and is documented as such.
 *   <li>Actuator: liveness, readiness and the health status for all; health details, metrics and
 *       Prometheus for admins (Basic or token), loopback clients and, with
 *       MANAGEMENT_DETAILS_OPEN=true, everyone ({@link MonitorAccess}).
 * </ul>
 *
 * <p>401 and 403 are problem+json. The jwt mode refuses to start without a secret or JWK set URI,
 * or with a secret shorter than HS256 allows; the production profile also refuses placeholders.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class ListenerSecurity {
    private final SecurityProperties properties;

    public ListenerSecurity(SecurityProperties properties, Environment environment) {
        this.properties = properties;
        String problem =
                properties.jwtProblem(environment.acceptsProfiles(Profiles.of("production")));
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    @Bean
    public SecurityFilterChain listenerApi(
            HttpSecurity http, ObjectMapper json, ObjectProvider<JwtDecoder> decoder)
            throws Exception {
        AuthenticationEntryPoint unauthorized = new Unauthorized(json);
        AccessDeniedHandler forbidden = new Forbidden(json, unauthorized);
        JwtDecoder jwt = properties.jwt() ? decoder.getIfAvailable() : null;
        http.securityMatcher(
                        new NegatedRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher("/api/admin/**")))
                .authorizeHttpRequests(
                        a -> {
                            // Details only when authorized (application.properties).
                            a.requestMatchers("/actuator/health", "/actuator/health/**")
                                    .permitAll();
                            a.requestMatchers("/actuator/**")
                                    .hasAnyAuthority(Tokens.ADMIN, MonitorAccess.MONITOR);
                            if (jwt != null) {
                                a.requestMatchers(HttpMethod.POST, "/api/interact")
                                        .hasAnyAuthority(Tokens.LISTENER, Tokens.ADMIN);
                                a.requestMatchers(HttpMethod.GET, "/api/user/{userId}")
                                        .access(
                                                (auth, context) ->
                                                        new AuthorizationDecision(
                                                                Tokens.mayActAs(
                                                                        auth.get(),
                                                                        context.getVariables()
                                                                                .get("userId"))));
                            }
                            a.anyRequest().permitAll();
                        })
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .addFilterBefore(
                        new MonitorAccess(properties.managementDetailsOpen()),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(unauthorized)
                                        .accessDeniedHandler(forbidden))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                // SecurityHeaders writes the headers of every response, these chains' included.
                .headers(headers -> headers.disable());
        if (jwt != null) {
            http.oauth2ResourceServer(
                    o ->
                            o.jwt(
                                            j ->
                                                    j.decoder(jwt)
                                                            .jwtAuthenticationConverter(
                                                                    Tokens.converter()))
                                    .authenticationEntryPoint(unauthorized)
                                    .accessDeniedHandler(forbidden));
        }
        return http.build();
    }

    /** The resource server's token check, in jwt mode only. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "serving.security.mode", havingValue = "jwt")
    static class Jwt {
        @Bean
        JwtDecoder listenerTokens(SecurityProperties properties) {
            if (properties.hasJwkSetUri()) {
                return NimbusJwtDecoder.withJwkSetUri(properties.jwtJwkSetUri()).build();
            }
            return NimbusJwtDecoder.withSecretKey(
                            new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        }
    }

    /**
     * 401 problem+json; a Bearer challenge on the API (no browser login dialog), Basic elsewhere.
     */
    static final class Unauthorized implements AuthenticationEntryPoint {
        private final ObjectMapper json;

        Unauthorized(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public void commence(
                HttpServletRequest request,
                HttpServletResponse response,
                AuthenticationException failure)
                throws IOException {
            boolean api = request.getRequestURI().startsWith("/api/");
            if (api) {
                response.setHeader("WWW-Authenticate", "Bearer");
            } else if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"lambdamusic-admin\"");
            }
            Problems.write(
                    json,
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "Unauthorized",
                    api
                            ? "This call needs a valid bearer token whose subject is the listener"
                                    + " (Authorization: Bearer <token>; ./pipeline token <user>"
                                    + " mints one locally)."
                            : "Needs the admin's HTTP Basic credentials or a token with the admin"
                                    + " role.");
        }
    }

    /**
     * 403 problem+json for a caller known by its credentials; a caller without any (anonymous, or
     * only the loopback monitor) gets the 401 that asks for them.
     */
    static final class Forbidden implements AccessDeniedHandler {
        private final ObjectMapper json;
        private final AuthenticationEntryPoint unauthorized;

        Forbidden(ObjectMapper json, AuthenticationEntryPoint unauthorized) {
            this.json = json;
            this.unauthorized = unauthorized;
        }

        @Override
        public void handle(
                HttpServletRequest request,
                HttpServletResponse response,
                org.springframework.security.access.AccessDeniedException denied)
                throws IOException, jakarta.servlet.ServletException {
            Authentication caller =
                    SecurityContextHolder.getContextHolderStrategy()
                            .getContext()
                            .getAuthentication();
            if (caller == null
                    || caller instanceof MonitorAccess.Monitor
                    || !caller.isAuthenticated()
                    || caller
                            instanceof
                            org.springframework.security.authentication
                                    .AnonymousAuthenticationToken) {
                unauthorized.commence(
                        request,
                        response,
                        new org.springframework.security.authentication
                                .InsufficientAuthenticationException("no credentials"));
                return;
            }
            String detail =
                    caller instanceof JwtAuthenticationToken token
                            ? "The token's subject '"
                                    + token.getName()
                                    + "' may only act as that listener."
                            : "Not allowed for this caller.";
            Problems.write(json, request, response, HttpStatus.FORBIDDEN, "Forbidden", detail);
        }
    }
}
