package org.lambdamusic.serving.profile;

import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.model.SimilarityModel;

/**
 * A user's latest speed-layer view, plus the artist ids of their liked tracks in the served model,
 * computed once per (profile update, model) and reused by every recommendation until either
 * changes.
 */
public final class ListenerProfile {
    private final UserProfileView view;
    private volatile LikedArtists likedArtists;

    private record LikedArtists(long modelGeneration, int[] ids) {}

    public ListenerProfile(UserProfileView view) {
        this.view = view;
    }

    public UserProfileView view() {
        return view;
    }

    /**
     * Sorted distinct ids (the model's ArtistIndex) of the artists of the tracks this user liked.
     */
    public int[] likedArtistIds(SimilarityModel model) {
        LikedArtists cached = likedArtists;
        if (cached != null && cached.modelGeneration() == model.generation()) {
            return cached.ids();
        }
        List<Integer> rows = new ArrayList<>(view.likedTracks().size());
        for (String trackId : view.likedTracks()) {
            int row = model.catalog().rowOf(trackId);
            if (row >= 0) {
                rows.add(row);
            }
        }
        int[] ids = model.artists().artistIdsOfRows(rows);
        // A race recomputes the same value; no lock needed.
        likedArtists = new LikedArtists(model.generation(), ids);
        return ids;
    }
}
