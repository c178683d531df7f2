package io.tidings;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md: endpoints on top, then the namespaces' own verbs and the domain feeds,
 * presence, the delivery, metrics, sessions, the bus, authentication; protocol values, channel rules, lifecycle
 * events, limits and webhooks at the bottom. No package cycles.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tidings");

    @Test
    void layersOnlyUseTheLayersBelow() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Endpoints")
                .definedBy(
                        "io.tidings.gateway..",
                        "io.tidings.api..",
                        "io.tidings.socketio..",
                        "io.tidings.analyzer..",
                        "io.tidings.game..")
                .layer("Namespaces")
                .definedBy(
                        "io.tidings.admin..",
                        "io.tidings.messaging..",
                        "io.tidings.notifications..",
                        "io.tidings.calls..")
                .layer("Feeds")
                .definedBy(
                        "io.tidings.demo..",
                        "io.tidings.market..",
                        "io.tidings.exchange..",
                        "io.tidings.wallet..",
                        "io.tidings.alerts..")
                .layer("Presence")
                .definedBy("io.tidings.presence..")
                .layer("Delivery")
                .definedBy("io.tidings.delivery..")
                .layer("Metrics")
                .definedBy("io.tidings.metrics..")
                .layer("Sessions")
                .definedBy("io.tidings.session..")
                .layer("Bus")
                .definedBy("io.tidings.cluster..")
                .layer("Auth")
                .definedBy("io.tidings.auth..")
                .layer("Foundation")
                .definedBy(
                        "io.tidings.protocol..",
                        "io.tidings.channel..",
                        "io.tidings.lifecycle..",
                        "io.tidings.limits..",
                        "io.tidings.webhook..")
                .whereLayer("Endpoints")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Namespaces")
                .mayOnlyBeAccessedByLayers("Endpoints")
                .whereLayer("Feeds")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Presence")
                .mayOnlyBeAccessedByLayers("Endpoints", "Namespaces")
                .whereLayer("Delivery")
                .mayOnlyBeAccessedByLayers("Endpoints", "Namespaces", "Feeds", "Presence")
                .whereLayer("Metrics")
                .mayOnlyBeAccessedByLayers("Endpoints", "Namespaces", "Delivery")
                .whereLayer("Sessions")
                .mayOnlyBeAccessedByLayers("Endpoints", "Namespaces", "Presence", "Delivery", "Metrics")
                .whereLayer("Bus")
                .mayOnlyBeAccessedByLayers("Endpoints", "Namespaces", "Presence", "Delivery", "Metrics")
                .whereLayer("Auth")
                .mayOnlyBeAccessedByLayers("Endpoints", "Namespaces", "Sessions")
                .whereLayer("Foundation")
                .mayOnlyAccessLayers("Foundation")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.tidings.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
