package org.lambdamusic.serving.search;

import java.util.List;
import org.lambdamusic.serving.catalog.TrackItem;

/** One page of search results; {@code total} counts every match. */
public record TrackPage(int total, int limit, int offset, List<TrackItem> items) {}
