package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The input a model was built from: where it was read and the sha256 of its bytes as stored. */
public record DatasetRef(@JsonProperty("uri") String uri, @JsonProperty("sha256") String sha256) {}
