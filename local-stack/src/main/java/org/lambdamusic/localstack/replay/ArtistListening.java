package org.lambdamusic.localstack.replay;

/**
 * One row of {@code user_artists.dat}: how often a Last.fm listener played an artist.
 *
 * @param userId the dataset's listener id
 * @param artistId the dataset's artist id ({@code artists.dat})
 * @param weight the listening count
 */
public record ArtistListening(int userId, int artistId, long weight) {}
