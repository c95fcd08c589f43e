package io.chatplatform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Dependencies point one way, chat-api -> chat-ws -> chat-domain, and the domain knows nothing of the web; the Java
 * client (chat-client, on chat-api's test classpath) needs nothing but the JDK, and the server never uses it. Maven
 * already refuses a module that imports a module it does not depend on; these rules also catch the domain
 * reaching for web types that happen to be on the classpath.
 */
@AnalyzeClasses(packages = "io.chatplatform", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule domainDependsOnNeitherWsNorApi = noClasses()
            .that().resideInAPackage("io.chatplatform.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.chatplatform.ws..", "io.chatplatform.api..");

    @ArchTest
    static final ArchRule domainUsesNoWebTypes = noClasses()
            .that().resideInAPackage("io.chatplatform.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                    "jakarta.websocket..", "org.apache.tomcat..");

    @ArchTest
    static final ArchRule wsDoesNotDependOnApi = noClasses()
            .that().resideInAPackage("io.chatplatform.ws..")
            .should().dependOnClassesThat().resideInAPackage("io.chatplatform.api..");

    @ArchTest
    static final ArchRule apiPackagesAreFreeOfCycles = slices()
            .matching("io.chatplatform.api.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule clientNeedsOnlyTheJdk = classes()
            .that().resideInAPackage("io.chatplatform.client..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.chatplatform.client..", "java..")
            .because("chat-client speaks only the public protocol and has no runtime dependency");

    @ArchTest
    static final ArchRule serverDoesNotUseTheClient = noClasses()
            .that().resideInAnyPackage("io.chatplatform.domain..", "io.chatplatform.ws..", "io.chatplatform.api..")
            .should().dependOnClassesThat().resideInAPackage("io.chatplatform.client..");

    @ArchTest
    static final ArchRule noFieldInjection = noFields()
            .should().beAnnotatedWith(Autowired.class)
            .because("collaborators come in through constructors into final fields");
}
