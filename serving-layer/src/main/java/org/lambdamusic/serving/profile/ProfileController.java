package org.lambdamusic.serving.profile;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.ArtistIndex;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.trace.RequestTrace;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A user's history, likes and counts: batch view plus speed events after the watermark. */
@RestController
public class ProfileController {
    private final Listeners listeners;
    private final CurrentModel current;

    public ProfileController(Listeners listeners, CurrentModel current) {
        this.listeners = listeners;
        this.current = current;
    }

    @Operation(
            summary = "Recent history, liked tracks and artists, and counts of one user",
            description =
                    "Merged from the served model's batch view (every archived event up to its"
                            + " watermark) and the speed layer's events after the watermark; each"
                            + " event counts once.")
    @GetMapping("/api/user/{userId}")
    public UserSummary user(@PathVariable String userId) {
        RequestTrace.listener(userId);
        SimilarityModel model = current.require();
        Listener listener =
                listeners.find(userId, model).orElseThrow(() -> new UnknownUserException(userId));
        ListenerView view = listener.view();
        List<UserSummary.RecentItem> recent = new ArrayList<>(view.recent().size());
        for (RecentInteraction r : view.recent()) {
            Optional<CatalogTrack> track = model.catalog().find(r.trackId());
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
            Optional<CatalogTrack> track = model.catalog().find(trackId);
            liked.add(
                    new UserSummary.LikedTrack(
                            trackId,
                            track.map(CatalogTrack::trackName).orElse(null),
                            track.map(CatalogTrack::artists).orElse(null)));
            track.ifPresent(t -> artists.addAll(ArtistIndex.names(t.artists())));
        }
        return new UserSummary(
                userId,
                recent,
                liked,
                List.copyOf(artists),
                view.skippedTracks(),
                view.playedTracks().size(),
                view.counts(),
                new UserSummary.Sources(
                        model.version(),
                        view.partition(),
                        model.watermark().of(view.partition()),
                        listener.batchEvents(),
                        listener.speedEvents(),
                        !listener.gap()));
    }
}
