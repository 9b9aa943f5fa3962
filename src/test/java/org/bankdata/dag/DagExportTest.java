package org.bankdata.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.pipeline.PipelineGraph;
import org.bankdata.pipeline.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagExportTest {
    private final PipelineGraph graph = PipelineDefinition.graph();

    @TempDir
    Path work;

    private Set<String> definitionEdges() {
        Set<String> edges = new HashSet<>();
        for (TaskSpec t : graph.tasks()) {
            t.dependsOn().forEach(dep -> edges.add(dep + " -> " + t.name()));
        }
        return edges;
    }

    /**
     * Python's own parser reads the generated file; the script lists the task_id of every operator call, the
     * bash command of each, and every {@code a >> b} statement.
     */
    @Test
    void airflowDagParsesWithPythonAndHasExactlyTheTasksAndEdgesOfTheDefinition() throws Exception {
        Path dag = work.resolve("bankdata_dag.py");
        Files.writeString(dag, new AirflowDag("bankdata", "spark-submit --master yarn", "/opt/bankdata/bankdata-spark.jar",
                "/data/lake").render(graph));
        Path script = work.resolve("inspect.py");
        Files.writeString(script, """
                import ast, sys
                tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
                variables = {}
                for node in ast.walk(tree):
                    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                        kw = {k.arg: k.value for k in node.value.keywords}
                        if "task_id" in kw:
                            variables[node.targets[0].id] = kw["task_id"].value
                            cmd = kw["bash_command"]
                            print("command", kw["task_id"].value, ast.unparse(cmd))
                for node in ast.walk(tree):
                    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
                        print("edge", variables[node.left.id], "->", variables[node.right.id])
                for name in sorted(variables.values()):
                    print("task", name)
                """);
        List<String> lines = python(script, dag);

        Set<String> tasks = new HashSet<>();
        Set<String> edges = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("task ")) {
                tasks.add(line.substring(5));
            } else if (line.startsWith("edge ")) {
                edges.add(line.substring(5));
            } else if (line.startsWith("command ")) {
                String task = line.split(" ")[1];
                assertThat(line).as(task).contains("SPARK_SUBMIT + ' job " + task + " --run {{ run_id }} --lake ' + LAKE");
            }
        }
        assertThat(tasks).containsExactlyInAnyOrderElementsOf(graph.names());
        assertThat(edges).isEqualTo(definitionEdges());
        String text = Files.readString(dag);
        assertThat(text).contains("SPARK_SUBMIT = \"spark-submit --master yarn --class org.bankdata.cli.Main"
                + " /opt/bankdata/bankdata-spark.jar\"");
    }

    @Test
    void mermaidAndDotHaveEveryEdgeOfTheDefinition() {
        String mermaid = DagRenderer.mermaid(graph);
        String dot = DagRenderer.dot(graph);
        Set<String> mermaidEdges = new HashSet<>();
        Set<String> dotEdges = new HashSet<>();
        for (String line : mermaid.split("\n")) {
            if (line.contains(" --> ")) {
                mermaidEdges.add(line.strip().replace(" --> ", " -> "));
            }
        }
        for (String line : dot.split("\n")) {
            if (line.contains(" -> ")) {
                dotEdges.add(line.strip().replace("\"", "").replace(";", ""));
            }
        }
        assertThat(mermaid).startsWith("flowchart LR\n");
        assertThat(mermaidEdges).isEqualTo(definitionEdges());
        assertThat(dotEdges).isEqualTo(definitionEdges());
    }

    @Test
    void architectureDocShowsTheGeneratedDiagram() throws IOException {
        assertThat(Files.readString(Path.of("docs/ARCHITECTURE.md"))).contains("```mermaid\n" + DagRenderer.mermaid(graph) + "```");
    }

    @Test
    void airflowTimeoutCoversEveryAttemptAndBackoff() {
        TaskSpec fees = graph.task("extract_fees");
        // 3 attempts of 15 min, backoffs of 2 s and 4 s, one minute to start
        assertThat(AirflowDag.budget(fees.policy()).toSeconds()).isEqualTo(3 * 15 * 60 + 2 + 4 + 60);
    }

    private static List<String> python(Path script, Path arg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script.toString(), arg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
