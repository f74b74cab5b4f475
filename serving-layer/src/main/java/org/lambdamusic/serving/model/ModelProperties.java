package org.lambdamusic.serving.model;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where models are read and how often LATEST is checked. Defaults live in application.properties.
 *
 * @param root key prefix of the model versions in the bucket (ArtifactLayout root)
 * @param pollInterval delay between two reads of LATEST
 */
@ConfigurationProperties("serving.model")
public record ModelProperties(String root, Duration pollInterval) {}
