package io.chatplatform.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The domain's packages depend on each other one way only (posting on message and room, notification on posting,
 * auth on user, never back), so each can be read without the ones that use it; and the domain knows nothing of
 * the web or of sockets, which are chat-api's and chat-ws's business.
 */
@AnalyzeClasses(packages = "io.chatplatform.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageStructureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices()
            .matching("io.chatplatform.domain.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noWebOrSocketTypes = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                    "jakarta.websocket..", "org.apache.tomcat..")
            .because("the domain is called by the web and socket layers, and never calls back into them");
}
