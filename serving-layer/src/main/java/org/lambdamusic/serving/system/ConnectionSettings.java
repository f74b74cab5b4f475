package org.lambdamusic.serving.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * How to reach the object store and Kafka: the same variables every layer reads (S3_ENDPOINT,
 * S3_BUCKET, S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY, KAFKA_BOOTSTRAP_SERVERS), with the defaults
 * written once in contracts. They are looked up in Spring's environment, so an OS variable, a
 * system property or a test property all work.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ConnectionSettings {
    private static final List<String> S3_VARIABLES =
            List.of("S3_ENDPOINT", "S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY", "S3_SECRET_KEY");

    @Bean
    public ObjectStoreSettings objectStoreSettings(Environment environment) {
        return ObjectStoreSettings.from(lookup(environment, S3_VARIABLES));
    }

    @Bean
    public KafkaSettings kafkaSettings(Environment environment) {
        return KafkaSettings.from(lookup(environment, List.of("KAFKA_BOOTSTRAP_SERVERS")));
    }

    private static Map<String, String> lookup(Environment environment, List<String> names) {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            String value = environment.getProperty(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }
}
