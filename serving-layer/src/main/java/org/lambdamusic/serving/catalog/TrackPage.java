package org.lambdamusic.serving.catalog;

import java.util.List;

/** One page of search results; {@code total} counts every match. */
public record TrackPage(int total, int limit, int offset, List<TrackItem> items) {}
