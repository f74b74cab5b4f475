package org.lambdamusic.serving.recommend;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param candidateCacheSize seeds whose candidate pools are kept (dense models; one pool is a few
 *     hundred entries)
 * @param listenerCacheSize listeners whose "for you" taste (factors, centroid) and last answer are
 *     kept (about 2 KB each); 0 keeps none, so every request folds in and ranks afresh
 */
@ConfigurationProperties("serving.recommend")
public record RecommendProperties(long candidateCacheSize, long listenerCacheSize) {}
