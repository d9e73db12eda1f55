package io.faultline.bank;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bank's domain package stays deterministic: JDK and faultline-sim only, no clocks. */
class BankLayeringTest {

    private static final JavaClasses BANK = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.faultline.bank");

    @Test
    void domainUsesOnlyTheJdkAndTheSimulatorApi() {
        noClasses().that().resideInAPackage("io.faultline.bank")
            .should().dependOnClassesThat().resideOutsideOfPackages(
                "java..", "io.faultline.sim..", "io.faultline.bank..")
            .check(BANK);
    }

    @Test
    void domainDependsOnNoAdapter() {
        noClasses().that().resideInAPackage("io.faultline.bank")
            .should().dependOnClassesThat().resideInAnyPackage(
                "io.faultline.bank.app..", "io.faultline.bank.kafka..", "io.faultline.bank.http..",
                "io.faultline.bank.server..")
            .check(BANK);
    }

    @Test
    void domainReadsNoClockAndMakesNoThreadsOrUnseededRandomness() {
        noClasses().that().resideInAPackage("io.faultline.bank")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet")
            .check(BANK);
    }
}
