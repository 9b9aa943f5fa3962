package org.bankdata.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bankdata.errors.UsageException;
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

    /**
     * Python's parser reads a generated file and says, as JSON, what it imports, every call of a known class with its
     * keyword arguments (literals as values, names as {"name": ...}, other expressions as {"expr": ...}), the module's
     * constants and every {@code a >> b}.
     */
    private static final String INSPECT = """
            import ast, json, sys
            tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
            out = {"imports": [], "constants": {}, "calls": [], "edges": []}
            def value(node):
                try:
                    return ast.literal_eval(node)
                except ValueError:
                    if isinstance(node, ast.Name):
                        return {"name": node.id}
                    return {"expr": ast.unparse(node)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    out["imports"] += [[a.name, ""] for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    out["imports"] += [[node.module, a.name] for a in node.names]
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id[0].isupper():
                    out["calls"].append({"class": node.func.id, "args": len(node.args),
                                         "kwargs": {k.arg: value(k.value) for k in node.keywords}})
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
                    out["edges"].append([node.left.id, node.right.id])
            for node in tree.body:
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                    out["constants"][node.targets[0].id] = node.value.value
            print(json.dumps(out))
            """;

    private JsonNode inspect(String dagText) throws Exception {
        Path dag = work.resolve("dag_" + System.nanoTime() + ".py");
        Files.writeString(dag, dagText);
        Path script = work.resolve("inspect_json.py");
        Files.writeString(script, INSPECT);
        JsonNode parsed = new ObjectMapper().readTree(String.join("\n", python(script, dag)));
        for (JsonNode imported : parsed.get("imports")) {
            assertThat(AirflowNames.IMPORTS).as(imported.toString()).containsKey(imported.get(0).asText());
            assertThat(AirflowNames.IMPORTS.get(imported.get(0).asText())).as(imported.toString())
                    .contains(imported.get(1).asText());
        }
        for (JsonNode call : parsed.get("calls")) {
            String type = call.get("class").asText();
            if (type.equals("GlueJobOperator") || type.equals("EmrAddStepsOperator") || type.equals("EmrStepSensor")
                    || type.equals("BashOperator") || type.equals("DAG")) {
                assertThat(call.get("args").asInt()).as(type + " takes keyword arguments only").isZero();
                List<String> names = new ArrayList<>();
                call.get("kwargs").fieldNames().forEachRemaining(names::add);
                assertThat(AirflowNames.ARGUMENTS.get(type)).as(type).containsAll(names);
            }
        }
        return parsed;
    }

    private static List<JsonNode> calls(JsonNode parsed, String type) {
        List<JsonNode> calls = new ArrayList<>();
        parsed.get("calls").forEach(c -> {
            if (c.get("class").asText().equals(type)) {
                calls.add(c.get("kwargs"));
            }
        });
        return calls;
    }

    private static final String LAKE = "s3a://bankdata-lake/prod";
    private static final String HISTORY = "jdbc:postgresql://db.example:5432/bankdata?user=bankdata&sslmode=require";

    @Test
    void glueDagRunsTheOneGlueJobOncePerTaskWithTheTaskRunLakeAndHistoryAsArguments() throws Exception {
        JsonNode dag = inspect(new GlueDag("bankdata", "bankdata-job", new JobArguments(LAKE, HISTORY, null),
                "bankdata/history-password", "aws_default").render(graph));

        assertThat(dag.get("constants").get("GLUE_JOB").asText()).isEqualTo("bankdata-job");
        List<JsonNode> operators = calls(dag, "GlueJobOperator");
        assertThat(operators).extracting(o -> o.get("task_id").asText()).containsExactlyInAnyOrderElementsOf(graph.names());
        for (JsonNode o : operators) {
            String task = o.get("task_id").asText();
            assertThat(o.get("job_name").get("name").asText()).isEqualTo("GLUE_JOB");
            assertThat(new ObjectMapper().convertValue(o.get("script_args"), Map.class)).as(task).isEqualTo(Map.of(
                    "--task", task, "--run", "{{ run_id }}", "--lake", LAKE, "--history", HISTORY,
                    "--password-secret", "bankdata/history-password"));
            assertThat(o.get("wait_for_completion").asBoolean()).isTrue();
            assertThat(o.get("execution_timeout").get("expr").asText())
                    .isEqualTo("timedelta(seconds=" + AirflowDag.budget(graph.task(task).policy()).toSeconds() + ")");
        }
        assertThat(edges(dag)).isEqualTo(definitionEdges());
    }

    @Test
    void emrDagAddsASparkSubmitStepPerTaskAndWaitsForItBeforeTheTasksAfterIt() throws Exception {
        String jar = "s3://bankdata-jars/bankdata-spark.jar";
        JsonNode dag = inspect(new EmrDag("bankdata", "j-2AXXXXXXGAPLF", jar,
                new JobArguments(LAKE, HISTORY, "/home/hadoop/.bankdata-history-password"), "aws_default").render(graph));

        assertThat(dag.get("constants").get("CLUSTER_ID").asText()).isEqualTo("j-2AXXXXXXGAPLF");
        List<JsonNode> steps = calls(dag, "EmrAddStepsOperator");
        List<JsonNode> sensors = calls(dag, "EmrStepSensor");
        assertThat(steps).extracting(o -> o.get("task_id").asText()).containsExactlyInAnyOrderElementsOf(graph.names());
        assertThat(sensors).extracting(o -> o.get("task_id").asText())
                .containsExactlyInAnyOrderElementsOf(graph.names().stream().map(n -> n + "_done").toList());
        for (JsonNode o : steps) {
            String task = o.get("task_id").asText();
            JsonNode step = o.get("steps").get(0);
            assertThat(o.get("steps")).hasSize(1);
            assertThat(step.get("HadoopJarStep").get("Jar").asText()).isEqualTo("command-runner.jar");
            List<String> args = new ArrayList<>();
            step.get("HadoopJarStep").get("Args").forEach(a -> args.add(a.asText()));
            assertThat(args).as(task).containsExactly("spark-submit", "--deploy-mode", "client", "--class",
                    "org.bankdata.cli.Main", jar, "job", task, "--run", "{{ run_id }}", "--lake", LAKE, "--history", HISTORY,
                    "--password-file", "/home/hadoop/.bankdata-history-password");
            assertThat(o.get("job_flow_id").get("name").asText()).isEqualTo("CLUSTER_ID");
        }
        for (JsonNode sensor : sensors) {
            String task = sensor.get("task_id").asText().replaceFirst("_done$", "");
            assertThat(sensor.get("step_id").asText())
                    .isEqualTo("{{ task_instance.xcom_pull(task_ids='" + task + "', key='return_value')[0] }}");
            assertThat(sensor.get("timeout").asLong()).isEqualTo(AirflowDag.budget(graph.task(task).policy()).toSeconds());
        }
        // each step is watched by its sensor; a task's step is added after the sensors of the tasks it needs
        Set<String> expected = new HashSet<>();
        graph.names().forEach(n -> expected.add(n + " -> " + n + "_done"));
        definitionEdges().forEach(e -> expected.add(e.replaceFirst(" -> ", "_done -> ")));
        assertThat(edges(dag)).isEqualTo(expected);
    }

    @Test
    void localDagPassesTheHistoryAndPasswordFileAsOneShellWordEach() throws Exception {
        JsonNode dag = inspect(new AirflowDag("bankdata", "spark-submit --master yarn", "/opt/bankdata/bankdata-spark.jar",
                new JobArguments("/data/lake", HISTORY, "/etc/bankdata/history password")).render(graph));
        assertThat(dag.get("constants").get("HISTORY").asText()).isEqualTo("'" + HISTORY + "'");
        assertThat(dag.get("constants").get("PASSWORD_FILE").asText()).isEqualTo("'/etc/bankdata/history password'");
        for (JsonNode o : calls(dag, "BashOperator")) {
            assertThat(o.get("bash_command").get("expr").asText()).endsWith(
                    "+ LAKE + ' --history ' + HISTORY + ' --password-file ' + PASSWORD_FILE");
        }
        assertThat(edges(dag)).isEqualTo(definitionEdges());
    }

    @Test
    void aHistoryUrlHoldingAPasswordIsRefusedForEveryTarget() {
        for (String url : List.of("jdbc:postgresql://db.example/bankdata?user=u&password=hunter2",
                "jdbc:postgresql://u:hunter2@db.example/bankdata")) {
            assertThatThrownBy(() -> new JobArguments(LAKE, url, null)).isInstanceOf(UsageException.class)
                    .hasMessageNotContaining("hunter2").hasMessageContaining("holds a password");
        }
    }

    private static Set<String> edges(JsonNode dag) {
        Set<String> edges = new HashSet<>();
        dag.get("edges").forEach(e -> edges.add(e.get(0).asText() + " -> " + e.get(1).asText()));
        return edges;
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
