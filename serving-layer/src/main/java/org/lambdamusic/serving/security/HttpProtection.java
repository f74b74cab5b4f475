package org.lambdamusic.serving.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet filters around Spring Security's: the security headers first (every response gets
 * them, also a 401 from a security chain), the rate limits right after security (so they know the
 * token's subject) and before Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class HttpProtection {
    @Bean
    public FilterRegistrationBean<SecurityHeaders> securityHeaders() {
        FilterRegistrationBean<SecurityHeaders> registration =
                new FilterRegistrationBean<>(new SecurityHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<RateLimits> rateLimits(
            RateLimitProperties properties, ObjectMapper json, MeterRegistry meters) {
        FilterRegistrationBean<RateLimits> registration =
                new FilterRegistrationBean<>(new RateLimits(properties, json, meters));
        registration.setOrder(
                org.springframework.boot.autoconfigure.security.SecurityProperties
                                .DEFAULT_FILTER_ORDER
                        + 1);
        return registration;
    }
}
