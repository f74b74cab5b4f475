package org.lambdamusic.serving.model;

/**
 * Published after a new model became the served one; {@code previous} is null on the first load.
 */
public record ModelSwapped(SimilarityModel previous, SimilarityModel current) {}
