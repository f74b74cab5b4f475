package org.lambdamusic.contracts.model;

import java.util.List;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.listener.BatchViews;

/**
 * A verified, decoded model version ({@link ModelReader}).
 *
 * @param tracks the matrix rows, in order (tracks.csv.gz)
 * @param unsampled the clean catalogue tracks outside the sample, rows numbered from n
 *     (catalog.csv.gz); empty in full-catalog mode and for versions published before that file
 * @param views the batch views from the interaction archive; {@link BatchViews#NONE} for a version
 *     without them
 * @param factors the collaborative-filtering factors; {@link Factors#NONE} for a version without
 *     them
 */
public record ModelContent(
        ModelManifest manifest,
        ScalerParams scaler,
        List<CatalogTrack> tracks,
        List<CatalogTrack> unsampled,
        ModelSimilarity similarity,
        BatchViews views,
        Factors factors) {}
