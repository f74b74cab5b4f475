package org.lambdamusic.serving.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin API's credentials: HTTP Basic, user {@code admin}. Defaults live in
 * application.properties.
 *
 * @param password ADMIN_PASSWORD; empty: the admin API answers 503 (refused at start under the
 *     {@code production} profile)
 */
@ConfigurationProperties("serving.admin")
public record AdminProperties(String password) {
    public static final String USER = "admin";

    public boolean enabled() {
        return password != null && !password.isEmpty();
    }
}
