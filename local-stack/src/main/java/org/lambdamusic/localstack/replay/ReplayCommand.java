package org.lambdamusic.localstack.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ModelContent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline replay lastfm}: real listeners into the master dataset. Reads the Last.fm
 * dataset and the served model's catalogue, derives each listener's events ({@link
 * ReplayDerivation}) and sends them to {@code user-interactions} ({@link ReplaySender}).
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Replay a public listening dataset as interaction events.",
        subcommands = ReplayCommand.Lastfm.class)
public final class ReplayCommand {

    @Command(
            name = "lastfm",
            mixinStandardHelpOptions = true,
            description = {
                "Send the listeners of HetRec 2011 Last.fm 2K (user ids lastfm-<userID>) as plays"
                        + " and likes of catalogue tracks to user-interactions on"
                        + " KAFKA_BOOTSTRAP_SERVERS. Idempotent: event ids are stable, so a"
                        + " second replay is dropped as redelivery and changes no count."
            })
    static final class Lastfm implements Callable<Integer> {
        @Option(
                names = "--dataset",
                paramLabel = "DIR",
                defaultValue = "${env:REPO_ROOT:-.}/../shared/datasets/lastfm-2k",
                description = "artists.dat and user_artists.dat (default: ${DEFAULT-VALUE})")
        Path dataset;

        @Option(
                names = "--catalog",
                paramLabel = "URI",
                description =
                        "the model whose catalogue the events are on: s3://<bucket>/<root> (its"
                                + " LATEST version), file:///dir or a path (a version or a model"
                                + " root) (default: the served model,"
                                + " s3://$S3_BUCKET/$MODEL_ROOT)")
        String catalog;

        @Option(
                names = "--rate",
                paramLabel = "EVENTS_PER_S",
                defaultValue = "2000",
                description = "events per second at most; 0: no limit (default: ${DEFAULT-VALUE})")
        double rate;

        @Option(
                names = "--users",
                paramLabel = "N",
                description = "replay only the first N listeners by dataset id (default: all)")
        Integer users;

        @Option(
                names = "--dry-run",
                description = "derive the events and print the figures, send nothing")
        boolean dryRun;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (users != null && users < 1) {
                throw new IllegalArgumentException("--users must be at least 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            ObjectStoreSettings store = ObjectStoreSettings.fromEnvironment();
            String location =
                    catalog != null
                            ? catalog
                            : ServedModel.defaultLocation(store, System.getenv("MODEL_ROOT"));
            ReplayRules rules = ReplayRules.DEFAULT;

            Path datasetDir = dataset.toAbsolutePath().normalize();
            LastfmDataset data = LastfmDataset.read(datasetDir);
            ModelContent model = ServedModel.load(location, store);
            ReplayCatalog tracks = ReplayCatalog.of(model, rules.tracksPerArtist());
            List<ListenerTaste> tastes =
                    ListenerTastes.match(data, tracks, users == null ? Integer.MAX_VALUE : users);
            ReplayPlan plan = ReplayPlan.of(tastes, new ReplayDerivation(rules));
            long inCatalogue =
                    data.artistNames().values().stream()
                            .filter(name -> !tracks.tracksOf(ArtistNames.key(name)).isEmpty())
                            .count();
            out.println(
                    String.format(
                            Locale.ROOT,
                            "replay catalog=%s version=%s recommendable=%d catalogue=%d"
                                    + " dataset=%s dataset_artists=%d in_catalogue=%d",
                            location,
                            model.manifest().version(),
                            model.tracks().size(),
                            model.tracks().size() + model.unsampled().size(),
                            datasetDir,
                            data.artistNames().size(),
                            inCatalogue));
            out.println("replay plan " + ReplayFigures.of(plan).summary());
            if (dryRun) {
                out.println("replay dry run: nothing sent");
                return 0;
            }
            String bootstrap = KafkaSettings.fromEnvironment().bootstrapServers();
            out.println(
                    String.format(
                            Locale.ROOT,
                            "replay sending to %s at %s",
                            bootstrap,
                            rate > 0
                                    ? String.format(Locale.ROOT, "%.0f events/s", rate)
                                    : "full speed"));
            try (ReplaySender sender = new ReplaySender(bootstrap)) {
                Replayer.send(plan, sender, rate, out);
            }
            return 0;
        }
    }
}
