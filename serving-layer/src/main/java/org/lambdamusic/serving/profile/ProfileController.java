package org.lambdamusic.serving.profile;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.catalog.ArtistIndex;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A user's recent history, likes and counts, from the speed layer's user-profiles view. */
@RestController
public class ProfileController {
    private final ListenerProfiles profiles;
    private final CurrentModel current;

    public ProfileController(ListenerProfiles profiles, CurrentModel current) {
        this.profiles = profiles;
        this.current = current;
    }

    @Operation(summary = "Recent history, liked tracks and artists, and counts of one user")
    @GetMapping("/api/user/{userId}")
    public UserSummary user(@PathVariable String userId) {
        UserProfileView view =
                profiles.find(userId).orElseThrow(() -> new UnknownUserException(userId)).view();
        Optional<SimilarityModel> model = current.get();
        List<UserSummary.RecentItem> recent = new ArrayList<>(view.recent().size());
        for (RecentInteraction r : view.recent()) {
            Optional<CatalogTrack> track = track(model, r.trackId());
            recent.add(
                    new UserSummary.RecentItem(
                            r.eventId(),
                            r.trackId(),
                            track.map(CatalogTrack::trackName).orElse(null),
                            track.map(CatalogTrack::artists).orElse(null),
                            r.interactionType(),
                            r.timestamp()));
        }
        List<UserSummary.LikedTrack> liked = new ArrayList<>(view.likedTracks().size());
        Set<String> artists = new LinkedHashSet<>();
        for (String trackId : view.likedTracks()) {
            Optional<CatalogTrack> track = track(model, trackId);
            liked.add(
                    new UserSummary.LikedTrack(
                            trackId,
                            track.map(CatalogTrack::trackName).orElse(null),
                            track.map(CatalogTrack::artists).orElse(null)));
            track.ifPresent(t -> artists.addAll(ArtistIndex.names(t.artists())));
        }
        return new UserSummary(userId, recent, liked, List.copyOf(artists), view.counts());
    }

    private static Optional<CatalogTrack> track(Optional<SimilarityModel> model, String trackId) {
        return model.flatMap(m -> m.catalog().find(trackId));
    }
}
