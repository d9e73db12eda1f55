package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.faultline.bank.archfixture.LedgerUsesJdbc;
import io.faultline.payments.archfixture.CleanDomain;
import io.faultline.payments.archfixture.DomainUsesAdapter;
import io.faultline.payments.grpc.archfixture.PaymentsAdapter;
import io.faultline.protocols.archfixture.CycleToSim;
import io.faultline.protocols.archfixture.ExecutorNode;
import io.faultline.protocols.archfixture.FileNode;
import io.faultline.protocols.archfixture.OwnRandomnessNode;
import io.faultline.protocols.archfixture.ProtocolUsesPicocli;
import io.faultline.protocols.archfixture.SocketNode;
import io.faultline.protocols.archfixture.ThreadNode;
import io.faultline.protocols.archfixture.WallClockNode;
import io.faultline.protocols.archfixture.WellBehavedNode;
import io.faultline.runtime.archfixture.RuntimeClock;
import io.faultline.runtime.archfixture.SleepyNode;
import io.faultline.sim.archfixture.CycleToProtocols;
import io.faultline.sim.archfixture.SimUsesApp;
import io.faultline.sim.archfixture.SimUsesProtocols;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each architecture rule reports a fixture class that breaks it, for the reason it should, and
 * does not report classes that keep it. The fixtures live under {@code src/test/java} in the
 * packages the rules cover ({@code ..archfixture}); the main-code import of
 * {@link ArchitectureTest} leaves them out.
 */
class ArchitectureRulesBiteTest {

    /**
     * One rule, the classes to import, and text each expected violation contains: one entry per
     * forbidden use in the fixture, so a rule that catches only some of them fails here.
     */
    record Case(String rule, Supplier<ArchRule> ruleSupplier, List<Class<?>> classes,
                List<String> expected) {

        @Override
        public String toString() {
            return rule + " reports " + classes.stream().map(Class::getSimpleName).toList();
        }
    }

    static Stream<Arguments> violations() {
        return Stream.of(
            new Case("simDependsOnlyOnTheJdkAndItself",
                ArchitectureTest::simDependsOnlyOnTheJdkAndItself,
                List.of(SimUsesProtocols.class),
                List.of("io.faultline.protocols.retry.Protocol")),
            new Case("protocolsDependOnlyOnTheJdkAndSim",
                ArchitectureTest::protocolsDependOnlyOnTheJdkAndSim,
                List.of(ProtocolUsesPicocli.class),
                List.of("picocli.CommandLine")),
            new Case("backendDomainDependsOnlyOnTheJdkAndSim (adapter)",
                ArchitectureTest::backendDomainDependsOnlyOnTheJdkAndSim,
                List.of(DomainUsesAdapter.class),
                List.of("io.faultline.payments.grpc.archfixture.PaymentsAdapter")),
            new Case("backendDomainDependsOnlyOnTheJdkAndSim (JDBC)",
                ArchitectureTest::backendDomainDependsOnlyOnTheJdkAndSim,
                List.of(LedgerUsesJdbc.class),
                List.of("java.sql.Connection")),
            new Case("nodeCodeDoesNotReadTheWallClock",
                ArchitectureTest::nodeCodeDoesNotReadTheWallClock,
                List.of(WallClockNode.class),
                List.of("calls method <java.lang.System.currentTimeMillis()>",
                    "java.lang.System.nanoTime()",
                    "java.time.Instant.now()",
                    "java.time.Instant.now(java.time.Clock)",
                    "java.time.LocalDate.now()",
                    "java.time.LocalDateTime.now()",
                    "java.time.Clock.systemUTC()",
                    "java.util.Date.<init>()",
                    "references method <java.lang.System.currentTimeMillis()>")),
            new Case("nodeCodeDoesNotReadTheWallClock (domain code)",
                ArchitectureTest::nodeCodeDoesNotReadTheWallClock,
                List.of(DomainUsesAdapter.class),
                List.of("java.time.Instant.now()")),
            new Case("nodeCodeDoesNotMakeItsOwnRandomness",
                ArchitectureTest::nodeCodeDoesNotMakeItsOwnRandomness,
                List.of(OwnRandomnessNode.class),
                List.of("java.util.Random.<init>()",
                    "java.util.Random.<init>(long)",
                    "java.security.SecureRandom.<init>()",
                    "java.lang.Math.random()",
                    "java.util.concurrent.ThreadLocalRandom.current()",
                    "java.util.UUID.randomUUID()",
                    "java.util.Collections.shuffle(java.util.List)")),
            new Case("nodeCodeDoesNotUseThreadsOrSleep",
                ArchitectureTest::nodeCodeDoesNotUseThreadsOrSleep,
                List.of(ThreadNode.class),
                List.of("java.lang.Thread.<init>(java.lang.Runnable)",
                    "java.lang.Thread.start()",
                    "java.lang.Thread.sleep(long)")),
            new Case("nodeCodeDoesNotUseThreadsOrSleep (Node outside protocols, nested helper)",
                ArchitectureTest::nodeCodeDoesNotUseThreadsOrSleep,
                List.of(SleepyNode.class, SleepyNode.Helper.class),
                List.of("SleepyNode.init(io.faultline.sim.Context)> calls method"
                        + " <java.lang.Thread.sleep(long)>",
                    "SleepyNode$Helper.start()> calls constructor"
                        + " <java.lang.Thread.<init>(java.lang.Runnable)>")),
            new Case("nodeCodeDoesNotUseExecutorsOrTimerThreads",
                ArchitectureTest::nodeCodeDoesNotUseExecutorsOrTimerThreads,
                List.of(ExecutorNode.class),
                List.of("java.util.concurrent.Executors.newSingleThreadScheduledExecutor()",
                    "java.util.concurrent.ScheduledExecutorService.schedule(",
                    "java.util.concurrent.CompletableFuture.runAsync(java.lang.Runnable)",
                    "java.util.Timer.<init>()")),
            new Case("nodeCodeDoesNotUseSockets",
                ArchitectureTest::nodeCodeDoesNotUseSockets,
                List.of(SocketNode.class),
                List.of("java.net.Socket.<init>()",
                    "java.net.http.HttpClient.newHttpClient()")),
            new Case("nodeCodeDoesNotTouchFiles",
                ArchitectureTest::nodeCodeDoesNotTouchFiles,
                List.of(FileNode.class),
                List.of("java.io.File.<init>(java.lang.String)",
                    "java.io.FileOutputStream.<init>(java.io.File)",
                    "java.nio.file.Files.readString(java.nio.file.Path)",
                    "java.nio.file.Path.of(")),
            new Case("nothingOutsideAppDependsOnApp",
                ArchitectureTest::nothingOutsideAppDependsOnApp,
                List.of(SimUsesApp.class),
                List.of("io.faultline.app.Main.execute(")),
            new Case("topLevelPackagesAreFreeOfCycles",
                ArchitectureTest::topLevelPackagesAreFreeOfCycles,
                List.of(CycleToProtocols.class, CycleToSim.class),
                List.of("Cycle detected: Slice protocols",
                    "Field <io.faultline.protocols.archfixture.CycleToSim.other> has type"
                        + " <io.faultline.sim.archfixture.CycleToProtocols>",
                    "Field <io.faultline.sim.archfixture.CycleToProtocols.other> has type"
                        + " <io.faultline.protocols.archfixture.CycleToSim>"))
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void ruleReportsEveryForbiddenUseInItsFixture(Case c) {
        EvaluationResult result = c.ruleSupplier().get().evaluate(
            new ClassFileImporter().importClasses(c.classes()));

        assertThat(result.hasViolation()).as("%s has a violation", c).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String expected : c.expected()) {
            assertThat(report).as("report of %s", c).contains(expected);
        }
    }

    static Stream<Arguments> keptRules() {
        List<Class<?>> wellBehaved = List.of(WellBehavedNode.class, RuntimeClock.class);
        return Stream.of(
            Arguments.of("nodeCodeDoesNotReadTheWallClock",
                (Supplier<ArchRule>) ArchitectureTest::nodeCodeDoesNotReadTheWallClock,
                wellBehaved),
            Arguments.of("nodeCodeDoesNotMakeItsOwnRandomness",
                (Supplier<ArchRule>) ArchitectureTest::nodeCodeDoesNotMakeItsOwnRandomness,
                wellBehaved),
            Arguments.of("nodeCodeDoesNotUseThreadsOrSleep",
                (Supplier<ArchRule>) ArchitectureTest::nodeCodeDoesNotUseThreadsOrSleep,
                wellBehaved),
            Arguments.of("protocolsDependOnlyOnTheJdkAndSim",
                (Supplier<ArchRule>) ArchitectureTest::protocolsDependOnlyOnTheJdkAndSim,
                wellBehaved),
            Arguments.of("backendDomainDependsOnlyOnTheJdkAndSim",
                (Supplier<ArchRule>) ArchitectureTest::backendDomainDependsOnlyOnTheJdkAndSim,
                List.of(PaymentsAdapter.class, CleanDomain.class)),
            Arguments.of("topLevelPackagesAreFreeOfCycles",
                (Supplier<ArchRule>) ArchitectureTest::topLevelPackagesAreFreeOfCycles,
                List.of(CycleToProtocols.class, SimUsesProtocols.class)));
    }

    @ParameterizedTest(name = "{0} keeps quiet on {2}")
    @MethodSource("keptRules")
    void ruleDoesNotReportCodeThatKeepsIt(String name, Supplier<ArchRule> rule,
                                          List<Class<?>> classes) {
        EvaluationResult result = rule.get().evaluate(
            new ClassFileImporter().importClasses(classes));

        assertThat(result.getFailureReport().getDetails()).as(name).isEmpty();
    }

    @Test
    void backendDomainExcludesAdapterPackagesAtAnyDepth() {
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.payments")).isTrue();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.payments.ledger")).isTrue();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.bank.readmodel")).isTrue();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.payments.grpc")).isFalse();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.bank.ledger.jdbc")).isFalse();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.bank.sse.internal")).isFalse();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.bank.app")).isFalse();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.payments.issuer")).isTrue();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.paymentsx")).isFalse();
        assertThat(ArchitectureTest.isBackendDomain("io.faultline.app")).isFalse();
    }
}
