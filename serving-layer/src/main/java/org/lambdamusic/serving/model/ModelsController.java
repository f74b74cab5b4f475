package org.lambdamusic.serving.model;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The model versions in object storage with their manifests, and which one is serving. */
@RestController
public class ModelsController {
    private final ModelStore store;
    private final CurrentModel current;

    public ModelsController(ModelStore store, CurrentModel current) {
        this.store = store;
        this.current = current;
    }

    @Operation(summary = "Model versions in the store, newest first, with their manifests")
    @GetMapping("/api/models")
    public ModelVersions models() {
        String serving = current.get().map(SimilarityModel::version).orElse(null);
        List<ModelVersions.Version> versions =
                store.versions().stream()
                        .map(
                                id ->
                                        new ModelVersions.Version(
                                                id,
                                                id.equals(serving),
                                                store.manifest(id).orElse(null)))
                        .toList();
        return new ModelVersions(serving, versions);
    }
}
