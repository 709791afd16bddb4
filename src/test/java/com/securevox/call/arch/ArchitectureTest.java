package com.securevox.call.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.securevox.call.call.Scheduler;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of DEVELOPERS.md and docs/architecture.md, enforced. */
class ArchitectureTest {
    private static final String ROOT = "com.securevox.call";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void callDomainUsesOnlyTheJdk() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".call..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".call..", "java..")
                .check(classes);
    }

    @Test
    void onlyTheTransportKnowsTheSocketIoLibraryAndNetty() {
        // Push's APNs client (Pushy) runs on Netty of its own; nothing else outside the transport may.
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".transport..", ROOT + ".push..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..")
                .check(classes);
    }

    @Test
    void pushyOnlyInPushAndPushKnowsOnlyItsPorts() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".push..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.eatthepath..")
                .check(classes);
        // Push knows ringing's port it implements, the ids of the domain, and nothing of the rest of the server: the
        // store implements its registry, app wires it, the API and metrics use its interfaces.
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".push..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".signaling..",
                        ROOT + ".httpapi..",
                        ROOT + ".transport..",
                        ROOT + ".metrics..",
                        ROOT + ".auth..",
                        ROOT + ".config..",
                        ROOT + ".store..",
                        ROOT + ".webhook..",
                        ROOT + ".media..",
                        ROOT + ".janus..",
                        ROOT + ".app..")
                .check(classes);
    }

    @Test
    void dependenciesPointInward() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".signaling..", ROOT + ".httpapi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".transport..", ROOT + ".app..", ROOT + ".config..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".auth..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".signaling..", ROOT + ".httpapi..", ROOT + ".transport..", ROOT + ".app..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".transport..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".app..", ROOT + ".config..")
                .check(classes);
    }

    @Test
    void theProcessSupervisorKnowsOnlyTheScheduler() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".process..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(ROOT + ".process..", "java..", "org.slf4j..")
                        .or(belongToAnyOf(Scheduler.class)))
                .check(classes);
        // Managed TURN and managed Janus run their programs under it; the edges and the domain have no children.
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".process..", ROOT + ".turn..", ROOT + ".janus..", ROOT + ".app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".process..")
                .check(classes);
    }

    @Test
    void managedTurnKnowsOnlyTheSchedulerAndNoOtherAdapter() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".turn..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".turn..", ROOT + ".process..", ROOT + ".call..", "java..", "org.slf4j..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".transport..", ROOT + ".signaling..", ROOT + ".httpapi..", ROOT + ".auth..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".turn..")
                .check(classes);
    }

    @Test
    void theHistoryStoreAndTheMetricsAreAdaptersOfTheirOwn() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".signaling..",
                        ROOT + ".httpapi..",
                        ROOT + ".transport..",
                        ROOT + ".metrics..",
                        ROOT + ".auth..",
                        ROOT + ".config..",
                        ROOT + ".app..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".transport..", ROOT + ".config..", ROOT + ".app..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".metrics..", ROOT + ".app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".metrics..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".transport..", ROOT + ".signaling..", ROOT + ".call..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".store..")
                .check(classes);
        // Only the composition root and the metrics adapter use the Prometheus registry; the transport binds
        // Netty's meters to the MeterRegistry it is handed.
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".metrics..", ROOT + ".app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer.prometheusmetrics..", "io.prometheus..")
                .check(classes);
        // Only the store talks to databases.
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "org.flywaydb..", "com.zaxxer..", "org.sqlite..", "org.postgresql..")
                .check(classes);
    }

    @Test
    void theWebhooksAreAnAdapterOfTheirOwn() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".webhook..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".signaling..",
                        ROOT + ".httpapi..",
                        ROOT + ".transport..",
                        ROOT + ".metrics..",
                        ROOT + ".auth..",
                        ROOT + ".config..",
                        ROOT + ".turn..",
                        ROOT + ".app..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".webhook..", ROOT + ".app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".webhook..")
                .check(classes);
    }

    @Test
    void theMediaSideKnowsOnlyTheJdkTheCallDomainAndItsLog() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".media..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".media..", ROOT + ".call..", "java..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void ringingKnowsOnlyTheJdkTheCallDomainAndItsLog() {
        // Sockets, tokens, push providers: ringing reaches them through its ports (RingOutbox, RingPush, Busy).
        classes()
                .that()
                .resideInAPackage(ROOT + ".ring..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".ring..", ROOT + ".call..", "java..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void callQualityKnowsOnlyTheJdkTheCallDomainAndItsLog() {
        // The database, the webhooks and the meters reach it through the ports it owns (QualityStore, QualityAlerts,
        // QualityMetrics); signaling hands it reports through its own QualityReports port, wired by app.
        classes()
                .that()
                .resideInAPackage(ROOT + ".quality..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".quality..", ROOT + ".call..", "java..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void theAdminSessionsPortKnowsOnlyTheJdk() {
        // The API's session rules use it, the store implements it over the history database, app wires them.
        classes()
                .that()
                .resideInAPackage(ROOT + ".admin..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".admin..", "java..")
                .check(classes);
    }

    @Test
    void onlyTheJanusAdapterSpeaksJanusAndOnlyTheCompositionRootKnowsIt() {
        // Janus's JSON stays in its adapter: it knows the media port, the scheduler, Jackson and the JDK, and nothing
        // of the rest of the server (config, metrics, signaling, transport: app hands it what it needs).
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".janus..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".signaling..",
                        ROOT + ".httpapi..",
                        ROOT + ".transport..",
                        ROOT + ".metrics..",
                        ROOT + ".auth..",
                        ROOT + ".config..",
                        ROOT + ".store..",
                        ROOT + ".webhook..",
                        ROOT + ".turn..",
                        ROOT + ".app..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".janus..", ROOT + ".app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".janus..")
                .check(classes);
    }

    @Test
    void onlyTheClusterAdapterSpeaksRedisAndOnlyTheCompositionRootKnowsIt() {
        // Call ownership and the node bus are ports of the call domain; the adapter implements them on Jedis (with
        // Jackson for the inbox entries) and knows nothing of the rest of the server (app hands it its settings), so
        // the call path can ask it without Redis leaking in.
        // The metrics adapter implements its LeaseMetrics port, as it does the push package's. The directory of device
        // connections implements ringing's DeviceDirectory port, as push implements its RingPush.
        classes()
                .that()
                .resideInAPackage(ROOT + ".cluster..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".cluster..",
                        ROOT + ".call..",
                        ROOT + ".ring..",
                        "redis.clients..",
                        "org.apache.commons.pool2..",
                        "com.fasterxml.jackson..",
                        "java..",
                        "javax.net.ssl..",
                        "org.slf4j..",
                        ROOT + ".trust..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("redis.clients..", "org.apache.commons.pool2..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".cluster..", ROOT + ".metrics..", ROOT + ".app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".cluster..")
                .check(classes);
    }

    @Test
    void trustIsJdkOnlyAndUsedByWhoMakesTlsClients() {
        // It reads no configuration and knows no client library: config checks a CA file with it at start, app and
        // the adapters that open TLS connections build their trust with it.
        classes()
                .that()
                .resideInAPackage(ROOT + ".trust..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".trust..", "java..", "javax.net..", "javax.security..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        ROOT + ".trust..", ROOT + ".config..", ROOT + ".app..", ROOT + ".push..", ROOT + ".cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".trust..")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootWiresThingsAndOnlyConfigReadsTheEnvironment() {
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".app..", ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".app..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".config..")
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .check(classes);
    }

    @Test
    void noCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPublicStaticMutableFields() {
        fields().that().arePublic().and().areStatic().should().beFinal().check(classes);
    }
}
