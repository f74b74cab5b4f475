package org.lambdamusic.serving.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Health details and metrics for a caller without credentials when it connects from loopback (the
 * ./pipeline scripts, tests, a Prometheus on the same host), or from anywhere with
 * MANAGEMENT_DETAILS_OPEN=true: such a request is authenticated as {@code monitor} with the single
 * role {@code MONITOR}, which opens /actuator (and Boot's {@code when-authorized} health details)
 * and nothing else: it is no listener and no admin. Behind a reverse proxy on the same host every
 * request comes from loopback; set {@code server.forward-headers-strategy} there.
 */
final class MonitorAccess extends OncePerRequestFilter {
    static final String MONITOR = "ROLE_MONITOR";

    private final boolean everyone;

    MonitorAccess(boolean everyone) {
        this.everyone = everyone;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().getContext();
        if (context.getAuthentication() == null && (everyone || isLoopback(request))) {
            SecurityContext monitor =
                    SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
            monitor.setAuthentication(new Monitor(request.getRemoteAddr()));
            SecurityContextHolder.getContextHolderStrategy().setContext(monitor);
        }
        chain.doFilter(request, response);
    }

    static boolean isLoopback(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null) {
            return false;
        }
        if (address.equals("127.0.0.1") || address.equals("::1") || address.startsWith("127.")) {
            return true;
        }
        try {
            return address.indexOf(':') >= 0 && InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** A caller without credentials allowed to observe. */
    static final class Monitor extends AbstractAuthenticationToken {
        private final String address;

        Monitor(String address) {
            super(List.of(new SimpleGrantedAuthority(MONITOR)));
            this.address = address;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "monitor@" + address;
        }
    }
}
