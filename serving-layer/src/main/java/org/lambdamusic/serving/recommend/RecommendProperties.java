package org.lambdamusic.serving.recommend;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param candidateCacheSize seeds whose candidate pools are kept (dense models; one pool is a few
 *     hundred entries)
 */
@ConfigurationProperties("serving.recommend")
public record RecommendProperties(long candidateCacheSize) {}
