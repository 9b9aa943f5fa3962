package org.bankdata;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependencies point one way (docs/ARCHITECTURE.md, "Layers"): a package never imports one above it, and no two
 * packages import each other, however indirectly. A new cycle or an upward import fails here, naming the classes.
 */
@AnalyzeClasses(packages = "org.bankdata", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package (each sub-package its own slice) is free of cycles with every other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.bankdata.(**)")
            .should().beFreeOfCycles();

    /**
     * cli → tools (serve, bench, reference, generate, dag) → pipeline → pipeline.tasks → pipeline.context →
     * domain (BCB sources, generic sources, star, lake, history, quality, query, catalog, spark, concurrent) →
     * config → errors. A layer may use any layer below it, never one above.
     */
    @ArchTest
    static final ArchRule layersPointDown = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("org.bankdata.cli..")
            .layer("tools").definedBy("org.bankdata.serve..", "org.bankdata.bench..", "org.bankdata.reference..",
                    "org.bankdata.generate..", "org.bankdata.dag..", "org.bankdata.warehouse..")
            .layer("pipeline").definedBy("org.bankdata.pipeline")
            .layer("tasks").definedBy("org.bankdata.pipeline.tasks..")
            .layer("task context").definedBy("org.bankdata.pipeline.context..")
            .layer("domain").definedBy("org.bankdata.bcb..", "org.bankdata.source..", "org.bankdata.star..",
                    "org.bankdata.lake..", "org.bankdata.history..", "org.bankdata.quality..",
                    "org.bankdata.query..", "org.bankdata.catalog..", "org.bankdata.spark..",
                    "org.bankdata.concurrent..")
            .layer("config").definedBy("org.bankdata.config..")
            .layer("errors").definedBy("org.bankdata.errors..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("tools").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli", "tools")
            .whereLayer("tasks").mayOnlyBeAccessedByLayers("cli", "tools", "pipeline")
            .whereLayer("task context").mayOnlyBeAccessedByLayers("cli", "tools", "pipeline", "tasks")
            .whereLayer("domain").mayOnlyBeAccessedByLayers("cli", "tools", "pipeline", "tasks", "task context")
            .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "tools", "pipeline", "tasks", "task context",
                    "domain")
            .ensureAllClassesAreContainedInArchitecture();

    /** The BCB sources stay apart: complaints, the bank list and fees share nothing; the replay serves fees. */
    @ArchTest
    static final ArchRule bcbSourcesIndependent = slices().matching("org.bankdata.bcb.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAPackage("org.bankdata.bcb.replay.."), resideInAPackage("org.bankdata.bcb.fees.."));
}
