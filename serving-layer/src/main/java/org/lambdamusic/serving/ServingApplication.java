package org.lambdamusic.serving;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The serving layer: loads the batch model from object storage, follows the speed layer's views on
 * Kafka, and answers the REST API that merges both (ARCHITECTURE.md, "Serving layer contract").
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ServingApplication {
    public static void main(String[] args) {
        SpringApplication.run(ServingApplication.class, args);
    }
}
