package org.lambdamusic.serving.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What a bearer token grants. Its subject ({@code sub}) is the listener id; every valid token is a
 * {@code LISTENER}; the {@code admin} role comes from a {@code roles} claim holding {@code "admin"}
 * (what ./pipeline token --admin mints) or, for identity providers that put it there, a {@code
 * scope} / {@code scp} claim holding {@code admin}.
 */
public final class Tokens {
    public static final String ROLES_CLAIM = "roles";
    public static final String ADMIN_ROLE = "admin";
    static final String LISTENER = "ROLE_LISTENER";
    static final String ADMIN = "ROLE_ADMIN";

    private Tokens() {}

    /** For the resource server of the listener API and of the admin API alike. */
    public static Converter<Jwt, AbstractAuthenticationToken> converter() {
        return jwt -> new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(LISTENER));
        if (isAdmin(jwt)) {
            authorities.add(new SimpleGrantedAuthority(ADMIN));
        }
        return authorities;
    }

    private static boolean isAdmin(Jwt jwt) {
        if (jwt.hasClaim(ROLES_CLAIM)) {
            Object roles = jwt.getClaims().get(ROLES_CLAIM);
            if (roles instanceof Collection<?> list && list.contains(ADMIN_ROLE)) {
                return true;
            }
            if (ADMIN_ROLE.equals(roles)) {
                return true;
            }
        }
        for (String claim : List.of("scope", "scp")) {
            Object scopes = jwt.getClaims().get(claim);
            if (scopes instanceof String s && List.of(s.split(" ")).contains(ADMIN_ROLE)) {
                return true;
            }
            if (scopes instanceof Collection<?> list && list.contains(ADMIN_ROLE)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasAuthority(Authentication authentication, String authority) {
        return authentication != null
                && authentication.getAuthorities().stream()
                        .anyMatch(a -> authority.equals(a.getAuthority()));
    }

    /**
     * Whether the caller may read or write as {@code userId}: a token's own subject, or an admin
     * (token with the admin role, or HTTP Basic admin).
     */
    static boolean mayActAs(Authentication authentication, String userId) {
        if (hasAuthority(authentication, ADMIN)) {
            return true;
        }
        return authentication instanceof JwtAuthenticationToken token
                && userId != null
                && userId.equals(token.getName());
    }
}
