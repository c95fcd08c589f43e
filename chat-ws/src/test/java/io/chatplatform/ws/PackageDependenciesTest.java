package io.chatplatform.ws;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of chat-ws depend one way: protocol (frames on the wire) knows no other package, session (the
 * connection) knows protocol, delivery (getting frames out, within the node and across the cluster) knows both,
 * and the features chat, notify and crowd sit on top, each on its own. Within delivery, the engine defines the
 * interfaces (cluster bus, presence) and {@code delivery.redis} implements them: never the other way round.
 */
@AnalyzeClasses(packages = "io.chatplatform.ws", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

    private static final String[] FEATURES = {"io.chatplatform.ws.chat..", "io.chatplatform.ws.notify..",
            "io.chatplatform.ws.crowd.."};

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.chatplatform.ws.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule protocolKnowsNoOtherPackage = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("io.chatplatform.ws.session..",
                    "io.chatplatform.ws.delivery..", "io.chatplatform.ws.chat..", "io.chatplatform.ws.notify..",
                    "io.chatplatform.ws.crowd..");

    @ArchTest
    static final ArchRule sessionKnowsNeitherDeliveryNorFeatures = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.session..")
            .should().dependOnClassesThat().resideInAnyPackage("io.chatplatform.ws.delivery..",
                    "io.chatplatform.ws.chat..", "io.chatplatform.ws.notify..", "io.chatplatform.ws.crowd..");

    @ArchTest
    static final ArchRule deliveryKnowsNoFeature = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.delivery..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule deliveryKnowsNotItsRedisImplementations = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.delivery")
            .should().dependOnClassesThat().resideInAPackage("io.chatplatform.ws.delivery.redis..");

    @ArchTest
    static final ArchRule chatKnowsNoOtherFeature = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.chat..")
            .should().dependOnClassesThat().resideInAnyPackage("io.chatplatform.ws.notify..",
                    "io.chatplatform.ws.crowd..");

    @ArchTest
    static final ArchRule notifyKnowsNoOtherFeature = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.notify..")
            .should().dependOnClassesThat().resideInAnyPackage("io.chatplatform.ws.chat..",
                    "io.chatplatform.ws.crowd..");

    @ArchTest
    static final ArchRule crowdKnowsNoOtherFeature = noClasses()
            .that().resideInAPackage("io.chatplatform.ws.crowd..")
            .should().dependOnClassesThat().resideInAnyPackage("io.chatplatform.ws.chat..",
                    "io.chatplatform.ws.notify..");
}
