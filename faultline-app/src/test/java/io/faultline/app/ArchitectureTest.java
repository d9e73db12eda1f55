package io.faultline.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.faultline.sim.Node;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of DESIGN.md's module table and the determinism rules of {@link Node}, checked
 * on the compiled main code of every module. Each rule has a fixture under
 * {@code src/test/java} that breaks it, and {@link ArchitectureRulesBiteTest} shows that the rule
 * reports the fixture, so a rule that silently matches nothing would be noticed.
 */
class ArchitectureTest {

    /** The packages of the backend's domain: payments, the shop and the bank. */
    static final List<String> DOMAIN_ROOTS = List.of(
        "io.faultline.payments", "io.faultline.shop", "io.faultline.bank");

    /**
     * Sub-packages with these names, at any depth under a domain root, hold adapters (gRPC, REST,
     * Kafka, JDBC, SSE, HTTP servers, application wiring) and may import anything.
     */
    static final Set<String> ADAPTER_PACKAGE_NAMES = Set.of(
        "grpc", "rest", "kafka", "jdbc", "sse", "http", "server", "app");

    /**
     * The JDK. {@code javax.crypto} is the JDK's MAC and cipher API (the retry protocol's
     * authenticated messages, the signed messages of SM(m)); other {@code javax} packages are
     * left out, since libraries ship those too (javax.annotation, javax.inject).
     */
    static final String[] JDK = {"java..", "javax.crypto.."};

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainCode() {
        mainClasses = importMainCode("io.faultline");
    }

    /**
     * The compiled main code of every module under {@code packages}. Test classes (the fixtures
     * among them) are left out: from directories by ArchUnit's {@code DO_NOT_INCLUDE_TESTS}, and
     * from test jars, which that option does not recognise, by their {@code -tests.jar} suffix.
     */
    static JavaClasses importMainCode(String... packages) {
        return new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(packages);
    }

    // ---------------------------------------------------------------- the rules

    static ArchRule simDependsOnlyOnTheJdkAndItself() {
        return classes().that().resideInAPackage("io.faultline.sim..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(with(JDK, "io.faultline.sim.."))
            .because("the node API and the simulator are the JDK-only base every module runs on");
    }

    static ArchRule protocolsDependOnlyOnTheJdkAndSim() {
        return classes().that().resideInAPackage("io.faultline.protocols..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                with(JDK, "io.faultline.sim..", "io.faultline.protocols.."))
            .because("protocols are deterministic nodes that run on both engines");
    }

    static ArchRule backendDomainDependsOnlyOnTheJdkAndSim() {
        return classes().that(BACKEND_DOMAIN)
            .should().onlyDependOnClassesThat(resideInJdkOrSimOr(BACKEND_DOMAIN))
            .because("domain nodes run in the simulator; only adapter packages ("
                + String.join(", ", ADAPTER_PACKAGE_NAMES.stream().sorted().toList())
                + ") may use gRPC, Javalin, Kafka or JDBC");
    }

    static ArchRule nodeCodeDoesNotReadTheWallClock() {
        return noClasses().that(NODE_CODE).should().accessTargetWhere(target(
            "a wall clock (System.currentTimeMillis/nanoTime, java.time *.now, Clock.system*,"
                + " Clock.tick*, new Date(), Calendar.getInstance)",
            (owner, name) -> owner.equals("java.lang.System")
                && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
                || owner.startsWith("java.time.") && name.equals("now")
                || owner.equals("java.time.Clock")
                && (name.startsWith("system") || name.startsWith("tick"))
                || owner.equals("java.util.Date") && name.equals("<init>")
                || owner.equals("java.util.Calendar") && name.equals("getInstance")))
            .because("node code reads time from Context.now(), so one seed replays one run");
    }

    static ArchRule nodeCodeDoesNotMakeItsOwnRandomness() {
        return noClasses().that(NODE_CODE).should().accessTargetWhere(target(
            "its own randomness (new Random/SecureRandom/SplittableRandom, Math.random,"
                + " ThreadLocalRandom, UUID.randomUUID, RandomGenerator.of/getDefault,"
                + " Collections.shuffle)",
            (owner, name) -> name.equals("<init>") && (owner.equals("java.util.Random")
                || owner.equals("java.security.SecureRandom")
                || owner.equals("java.util.SplittableRandom"))
                || (owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath"))
                && name.equals("random")
                || owner.equals("java.util.concurrent.ThreadLocalRandom")
                || owner.equals("java.security.SecureRandom") && name.startsWith("getInstance")
                || owner.equals("java.util.UUID") && name.equals("randomUUID")
                || owner.equals("java.util.random.RandomGenerator")
                && (name.equals("of") || name.equals("getDefault"))
                || owner.startsWith("java.util.random.RandomGeneratorFactory")
                || owner.equals("java.util.Collections") && name.equals("shuffle")))
            .because("node code draws from Context.random(), a split of the run's seeded Rng");
    }

    static ArchRule nodeCodeDoesNotUseThreadsOrSleep() {
        return noClasses().that(NODE_CODE).should().dependOnClassesThat(
                DescribedPredicate.describe("are threads (Thread, ThreadGroup)",
                    c -> c.getName().equals("java.lang.Thread")
                        || c.getName().equals("java.lang.ThreadGroup")
                        || c.getName().startsWith("java.lang.Thread$")))
            .because("a node reacts to one event at a time on its engine's thread; waiting is a"
                + " timer");
    }

    static ArchRule nodeCodeDoesNotUseExecutorsOrTimerThreads() {
        return noClasses().that(NODE_CODE).should().dependOnClassesThat(
                DescribedPredicate.describe("are executors (java.util.concurrent Executor*,"
                        + " ForkJoin*, CompletableFuture, ThreadFactory, java.util.Timer)",
                    c -> c.getPackageName().equals("java.util.concurrent")
                        && (c.getSimpleName().contains("Executor")
                        || c.getSimpleName().startsWith("ForkJoin")
                        || c.getSimpleName().equals("CompletableFuture")
                        || c.getSimpleName().equals("ThreadFactory"))
                        || c.getName().equals("java.util.Timer")
                        || c.getName().equals("java.util.TimerTask")))
            .because("work happens in handlers; later work is a timer set on the Context");
    }

    static ArchRule nodeCodeDoesNotUseSockets() {
        return noClasses().that(NODE_CODE).should().dependOnClassesThat(
                DescribedPredicate.describe("are networking (java.net except URI and URL"
                        + " encoding, java.net.http, java.nio.channels)",
                    c -> c.getPackageName().startsWith("java.net")
                        && !c.getName().equals("java.net.URI")
                        && !c.getName().equals("java.net.URLEncoder")
                        && !c.getName().equals("java.net.URLDecoder")
                        || c.getPackageName().startsWith("java.nio.channels")))
            .because("nodes talk only through Context.send; the engine owns the network");
    }

    static ArchRule nodeCodeDoesNotTouchFiles() {
        return noClasses().that(NODE_CODE).should().dependOnClassesThat(
                DescribedPredicate.describe("are files (java.io File*, RandomAccessFile,"
                        + " java.nio.file)",
                    c -> c.getPackageName().equals("java.io")
                        && (c.getSimpleName().startsWith("File")
                        || c.getSimpleName().equals("RandomAccessFile"))
                        || c.getPackageName().startsWith("java.nio.file")))
            .because("durable state goes through Context.store(), which each engine makes durable"
                + " its own way");
    }

    static ArchRule nothingOutsideAppDependsOnApp() {
        return noClasses().that().resideOutsideOfPackage("io.faultline.app..")
            .should().dependOnClassesThat().resideInAPackage("io.faultline.app..")
            .because("the faultline command is the top of the build: it depends on everything");
    }

    static ArchRule topLevelPackagesAreFreeOfCycles() {
        return slices().matching("io.faultline.(*)..").should().beFreeOfCycles();
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void mainCodeImportHoldsEveryModuleAndNoTestClass() {
        // Guards against the rules passing because the import found nothing to check.
        assertThat(mainClasses.contain(Node.class)).isTrue();
        assertThat(mainClasses.contain(Main.class)).isTrue();
        assertThat(mainClasses.stream()
            .anyMatch(c -> c.getPackageName().startsWith("io.faultline.protocols."))).isTrue();
        assertThat(mainClasses.stream().filter(NODE_CODE).count()).isGreaterThan(0);
        assertThat(mainClasses.stream()
            .anyMatch(c -> c.getPackageName().equals("io.faultline.payments"))).isTrue();
        assertThat(mainClasses.stream()
            .anyMatch(c -> c.getPackageName().equals("io.faultline.bank"))).isTrue();
        assertThat(mainClasses.contain(ArchitectureTest.class)).isFalse();
        assertThat(mainClasses.stream()
            .noneMatch(c -> c.getPackageName().contains("archfixture"))).isTrue();
    }

    @Test
    void simDependsOnlyOnTheJdkAndItselfInMainCode() {
        simDependsOnlyOnTheJdkAndItself().check(mainClasses);
    }

    @Test
    void protocolsDependOnlyOnTheJdkAndSimInMainCode() {
        protocolsDependOnlyOnTheJdkAndSim().check(mainClasses);
    }

    @Test
    void backendDomainDependsOnlyOnTheJdkAndSimInMainCode() {
        backendDomainDependsOnlyOnTheJdkAndSim().check(mainClasses);
    }

    @Test
    void nodeCodeDoesNotReadTheWallClockInMainCode() {
        nodeCodeDoesNotReadTheWallClock().check(mainClasses);
    }

    @Test
    void nodeCodeDoesNotMakeItsOwnRandomnessInMainCode() {
        nodeCodeDoesNotMakeItsOwnRandomness().check(mainClasses);
    }

    @Test
    void nodeCodeDoesNotUseThreadsOrSleepInMainCode() {
        nodeCodeDoesNotUseThreadsOrSleep().check(mainClasses);
    }

    @Test
    void nodeCodeDoesNotUseExecutorsOrTimerThreadsInMainCode() {
        nodeCodeDoesNotUseExecutorsOrTimerThreads().check(mainClasses);
    }

    @Test
    void nodeCodeDoesNotUseSocketsInMainCode() {
        nodeCodeDoesNotUseSockets().check(mainClasses);
    }

    @Test
    void nodeCodeDoesNotTouchFilesInMainCode() {
        nodeCodeDoesNotTouchFiles().check(mainClasses);
    }

    @Test
    void nothingOutsideAppDependsOnAppInMainCode() {
        nothingOutsideAppDependsOnApp().check(mainClasses);
    }

    @Test
    void topLevelPackagesAreFreeOfCyclesInMainCode() {
        topLevelPackagesAreFreeOfCycles().check(mainClasses);
    }

    // ---------------------------------------------------------------- predicates

    /** Classes in a backend domain package: under a domain root, in no adapter sub-package. */
    static final DescribedPredicate<JavaClass> BACKEND_DOMAIN = DescribedPredicate.describe(
        "are in a backend domain package (" + String.join(", ", DOMAIN_ROOTS)
            + " and sub-packages, adapters excepted)",
        c -> isBackendDomain(c.getPackageName()));

    /**
     * Node code: every class that implements {@link Node}, every class in
     * {@code io.faultline.protocols..} or in a backend domain package, and every class nested in
     * one of those (an anonymous class in a node is node code too).
     */
    static final DescribedPredicate<JavaClass> NODE_CODE = DescribedPredicate.describe(
        "are node code (implement Node, or are in io.faultline.protocols.. or a backend domain"
            + " package, or are nested in such a class)",
        ArchitectureTest::isNodeCode);

    static boolean isBackendDomain(String packageName) {
        for (String root : DOMAIN_ROOTS) {
            if (packageName.equals(root)) {
                return true;
            }
            if (packageName.startsWith(root + ".")) {
                String[] segments = packageName.substring(root.length() + 1).split("\\.");
                for (String segment : segments) {
                    if (ADAPTER_PACKAGE_NAMES.contains(segment)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static boolean isNodeCode(JavaClass c) {
        // Bounded: nesting depth is finite, and each step moves to the enclosing class.
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (k.isAssignableTo(Node.class)
                || k.getPackageName().startsWith("io.faultline.protocols")
                || isBackendDomain(k.getPackageName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The JDK without JDBC ({@code java.sql}), {@code io.faultline.sim..}, or {@code also}. JDBC is
     * in the JDK, but a domain that used it would not run in the simulator: it belongs in a
     * {@code jdbc} adapter package.
     */
    private static DescribedPredicate<JavaClass> resideInJdkOrSimOr(
            DescribedPredicate<JavaClass> also) {
        DescribedPredicate<JavaClass> jdkOrSim = JavaClass.Predicates.resideInAnyPackage(
            with(JDK, "io.faultline.sim.."));
        DescribedPredicate<JavaClass> jdbc = JavaClass.Predicates.resideInAnyPackage(
            "java.sql..", "javax.sql..");
        return DescribedPredicate.describe("are in the JDK (JDBC excepted), io.faultline.sim.. or"
            + " the domain", c -> jdkOrSim.test(c) && !jdbc.test(c) || also.test(c));
    }

    /**
     * Accesses (calls, method references, field reads) whose target, by owner class name and
     * member name ({@code <init>} for a constructor), matches {@code forbidden}.
     */
    private static DescribedPredicate<JavaAccess<?>> target(String description,
                                                           BiPredicate<String, String> forbidden) {
        return DescribedPredicate.describe(description, access -> {
            AccessTarget t = access.getTarget();
            return forbidden.test(t.getOwner().getName(), t.getName());
        });
    }

    private static String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
