package org.lambdamusic.batch.catalog;

/**
 * One clean catalog track as it enters the model.
 *
 * @param position the row's position in the input file (first occurrence wins on duplicates)
 * @param popularity 0-100, or null when the optional field was empty or not a number
 * @param features the eleven raw audio features in {@code AudioFeatures.NAMES} order
 */
public record Track(
        long position,
        String trackId,
        String trackName,
        String artists,
        String albumName,
        String trackGenre,
        Integer popularity,
        double[] features) {}
