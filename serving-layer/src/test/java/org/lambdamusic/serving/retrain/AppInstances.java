package org.lambdamusic.serving.retrain;

import java.util.Map;
import org.lambdamusic.serving.ServingApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Whole serving apps started by a test itself, for the tests that need more than one (two instances
 * on one bucket) or a start that must fail (a profile): the real application on a free port with
 * the given properties.
 */
public final class AppInstances {
    private AppInstances() {}

    /**
     * Starts the app; the properties go in as command-line arguments, so they win over
     * application.properties (as a test's {@code @DynamicPropertySource} does).
     */
    public static ConfigurableApplicationContext run(
            Map<String, ?> properties, String... profiles) {
        String[] args =
                properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
        return new SpringApplicationBuilder(ServingApplication.class)
                .initializers(
                        context ->
                                context.getBeanFactory()
                                        .registerSingleton(
                                                "noTestConfigurations", new NoTestConfigurations()))
                .profiles(profiles)
                .run(args);
    }

    public static int port(ConfigurableApplicationContext app) {
        return ((ServletWebServerApplicationContext) app).getWebServer().getPort();
    }

    /**
     * As in a {@code @SpringBootTest}: the test sources' {@code @TestConfiguration}s (e.g.
     * InMemoryServing) stay out of the application's component scan.
     */
    static final class NoTestConfigurations extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NoTestConfigurations;
        }

        @Override
        public int hashCode() {
            return NoTestConfigurations.class.hashCode();
        }
    }
}
