package org.lambdamusic.serving.models;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.ModelStore;
import org.lambdamusic.serving.model.SimilarityModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The model versions in object storage with their manifests. A version never changes once
 * published, so its manifest is cached; the listing itself is read on every call.
 */
@RestController
public class ModelsController {
    private static final Logger log = LoggerFactory.getLogger(ModelsController.class);

    private final ModelStore store;
    private final CurrentModel current;
    private final Cache<String, Optional<ModelManifest>> manifests =
            Caffeine.newBuilder().maximumSize(256).build();

    public ModelsController(ModelStore store, CurrentModel current) {
        this.store = store;
        this.current = current;
    }

    @Operation(summary = "Model versions in the store, newest first, with their manifests")
    @GetMapping("/api/models")
    public ModelVersions models() {
        String serving = current.get().map(SimilarityModel::version).orElse(null);
        List<String> ids;
        try {
            ids = store.versions();
        } catch (SdkException e) {
            log.warn("listing model versions failed: {}", e.toString());
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "The object store cannot be read at the moment.");
            problem.setTitle("Object store unavailable");
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, e);
        }
        List<ModelVersions.Version> versions = new ArrayList<>(ids.size());
        for (String id : ids) {
            versions.add(
                    new ModelVersions.Version(id, id.equals(serving), manifest(id).orElse(null)));
        }
        return new ModelVersions(serving, versions);
    }

    private Optional<ModelManifest> manifest(String version) {
        Optional<ModelManifest> cached = manifests.getIfPresent(version);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<ModelManifest> manifest =
                    Optional.of(
                            ContractsJson.read(
                                    store.read(
                                            store.layout()
                                                    .fileKey(version, ArtifactLayout.MANIFEST)),
                                    ModelManifest.class));
            manifests.put(version, manifest);
            return manifest;
        } catch (IOException | SdkException e) {
            // Not cached: the version may still be being published.
            return Optional.empty();
        }
    }
}
