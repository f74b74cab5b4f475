package org.lambdamusic.serving;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure of the compiled main classes (ArchUnit): features depend on each other one
 * way only (no package cycle), and the infrastructure stays in one place (Kafka client setup in
 * {@code kafka}, S3 in {@code model}).
 */
@AnalyzeClasses(
        packages = PackageArchitectureTest.ROOT,
        importOptions = ImportOption.DoNotIncludeTests.class)
class PackageArchitectureTest {
    static final String ROOT = "org.lambdamusic.serving";

    /** The import saw the whole layer: every feature package, and a dependency known to exist. */
    @ArchTest
    static void theClassesWereReadAndHoldEveryFeature(JavaClasses classes) {
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .contains(
                        ROOT + ".catalog",
                        ROOT + ".interaction",
                        ROOT + ".kafka",
                        ROOT + ".model",
                        ROOT + ".profile",
                        ROOT + ".recommend",
                        ROOT + ".search",
                        ROOT + ".stats",
                        ROOT + ".system",
                        ROOT + ".trending");
        assertThat(
                        classes.stream()
                                .filter(c -> c.getPackageName().equals(ROOT + ".recommend"))
                                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                                .map(d -> d.getTargetClass().getPackageName()))
                .contains(ROOT + ".model");
    }

    /**
     * Each package (the root one too) is a slice: no two of them use each other, even by a detour.
     */
    @ArchTest
    static final ArchRule noPackageCycle =
            slices().matching("org.lambdamusic.(**)").namingSlices("$1").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule kafkaClientsAreSetUpOnlyInTheKafkaPackage =
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + ".kafka")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.apache.kafka.clients.admin..",
                            "org.apache.kafka.clients.consumer..");

    /** The producer is created in kafka; interaction only sends through it. */
    @ArchTest
    static final ArchRule kafkaProducerIsUsedOnlyByKafkaAndInteraction =
            noClasses()
                    .that()
                    .resideOutsideOfPackages(ROOT + ".kafka", ROOT + ".interaction")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.kafka.clients.producer..");

    @ArchTest
    static final ArchRule theObjectStoreIsReadOnlyByTheModelPackage =
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + ".model")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("software.amazon.awssdk..");
}
