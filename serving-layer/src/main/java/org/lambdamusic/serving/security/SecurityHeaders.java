package org.lambdamusic.serving.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers of every response (web UI, API, actuator, errors): a Content-Security-Policy the
 * pages' own ES modules from /js and stylesheets from /css pass (no inline script, style or event
 * handler anywhere), no framing, no MIME sniffing, no referrer. Swagger UI's bundle sets inline
 * styles and data: images, so its own pages get those two allowances and nothing else.
 */
public final class SecurityHeaders extends OncePerRequestFilter {
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self';"
                    + " form-action 'self'; frame-ancestors 'none'";
    static final String SWAGGER_CSP =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data:; connect-src 'self'; font-src 'self';"
                    + " object-src 'none'; base-uri 'self'; form-action 'self';"
                    + " frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(
                "Content-Security-Policy",
                request.getRequestURI().startsWith("/swagger-ui") ? SWAGGER_CSP : CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
