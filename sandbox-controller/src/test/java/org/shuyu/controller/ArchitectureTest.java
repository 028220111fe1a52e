package org.shuyu.controller;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.web.EndpointRules;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;

/**
 * The controller's package rules (issue 15, STYLE.md (b), (c)6). The controller is a hexagon: the domain packages
 * (every package directly below {@code org.shuyu.controller} except {@code adapter} and {@code config}) hold the
 * features and their ports; {@code adapter.*} implements the ports with one technology each; {@code config} wires them.
 * A new package below {@code org.shuyu.controller} is a domain package and joins every domain rule by itself.
 * Each rule says in its {@code because} text what it protects and what to do when a new class breaks it.
 */
class ArchitectureTest {
    private static final String BASE = "org.shuyu.controller";
    private static final String ADAPTERS = BASE + ".adapter..";
    private static final String CONFIG = BASE + ".config..";
    /** A domain class: in a package below the base, outside the adapters and the wiring. */
    private static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate.describe(
            "reside in a domain package of " + BASE + " (not adapter, not config)",
            c -> c.getPackageName().startsWith(BASE + ".") && !resideInAnyPackage(ADAPTERS, CONFIG).test(c));

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    @Test
    void checksTheDomainPackagesThatExist() {
        assertThat(classes.that(DOMAIN).stream().map(JavaClass::getPackageName))
                .contains(BASE + ".audit", BASE + ".identity", BASE + ".error", BASE + ".grant", BASE + ".catalog");
        assertThat(classes.that(resideInAnyPackage(ADAPTERS)).stream().map(JavaClass::getPackageName))
                .contains(BASE + ".adapter.web", BASE + ".adapter.persistence");
    }

    /** (a) Domain packages form a directed acyclic graph: one feature may use another, never both ways round. */
    @Test
    void domainPackagesAreFreeOfCycles() {
        slices().matching(BASE + ".(*)..").namingSlices("domain package $1")
                .should().beFreeOfCycles()
                .because("rule 'domain packages are free of cycles': two features that use each other can neither be"
                        + " understood nor changed alone; move the shared type into the package that owns it (or a"
                        + " smaller package both use), or let the lower feature declare a port that the higher one"
                        + " implements")
                .check(classes.that(DOMAIN));
    }

    /** (b) The hexagon's inner rule: features see ports, never the adapters that implement them. */
    @Test
    void domainDoesNotDependOnAdapters() {
        noClasses().that(DOMAIN)
                .should().dependOnClassesThat().resideInAPackage(ADAPTERS)
                .because("rule 'domain never depends on adapters': a feature talks to technology only through a port"
                        + " (an interface in the feature's package) that an adapter implements; declare or extend the"
                        + " port and move the technology code into adapter.<technology>")
                .check(classes);
    }

    /** (c) Each adapter is one technology; what two adapters share belongs to the domain or to config. */
    @Test
    void adaptersDoNotDependOnEachOther() {
        slices().matching(BASE + ".adapter.(*)..").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .because("rule 'adapters never depend on other adapters': an adapter reaching into another couples two"
                        + " technologies; move what both need to the domain (a port or a value type) or to config, or"
                        + " move the borrowing class into the adapter it belongs to")
                .check(classes);
    }

    /** (d) Role decisions live in two places only: who may call an endpoint, and what a caller's roles let it do. */
    @Test
    void roleDecisionsOnlyInPermissionsAndEndpointRules() {
        noClasses().that().doNotHaveFullyQualifiedName(Permissions.class.getName())
                .and().doNotHaveFullyQualifiedName(EndpointRules.class.getName())
                .should().callMethod(Actor.class, "has", Role.class)
                .because("rule 'role decisions only in identity.Permissions and adapter.web.EndpointRules': a role"
                        + " check written inline in a service is invisible to the role matrix; add a small pure"
                        + " function to your feature's section of identity.Permissions and call it instead of"
                        + " Actor.has(Role)")
                .check(classes);
    }

    /** (e) HTTP mapping happens only in adapter/web (STYLE.md (c)6). */
    @Test
    void domainDoesNotDependOnSpringWebOrTheServletApi() {
        noClasses().that(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..",
                        "jakarta.servlet..")
                .because("rule 'domain never uses Spring Web': HTTP is mapped only in adapter.web (ProblemDetailAdvice"
                        + " maps SandboxException codes to statuses); throw a SandboxException with an ErrorCode instead"
                        + " of an HTTP type, and move request/response handling into a controller in adapter.web")
                .check(classes);
    }

    /** (e) Kubernetes is an adapter's business (STYLE.md (b)): features see only the provisioner and launcher ports. */
    @Test
    void domainDoesNotDependOnTheKubernetesClient() {
        noClasses().that(DOMAIN)
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .because("rule 'domain never uses fabric8': Kubernetes is reached only through a port (workspace"
                        + " provisioner, job launcher) implemented in adapter.kubernetes; put fabric8 code there")
                .check(classes);
    }

    /** (e) Spark runs in compute-jobs, Ranger evaluates the compiled policies: neither is the controller domain's. */
    @Test
    void domainDoesNotDependOnSparkOrRanger() {
        noClasses().that(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.ranger..")
                .because("rule 'domain never uses Spark or Ranger': Spark code belongs in compute-jobs (reached through"
                        + " the runtime contract and a launcher adapter) and Ranger's model in the policy library; use"
                        + " their typed results, not their classes")
                .check(classes);
    }
}
