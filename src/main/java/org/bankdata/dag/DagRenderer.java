package org.bankdata.dag;

import java.time.Duration;
import java.util.Locale;
import org.bankdata.pipeline.PipelineGraph;
import org.bankdata.pipeline.TaskPolicy;
import org.bankdata.pipeline.TaskSpec;

/** Renders a pipeline graph as plain text, a Mermaid flowchart or a Graphviz dot digraph. */
public final class DagRenderer {
    private DagRenderer() {
    }

    public static String text(PipelineGraph graph) {
        StringBuilder out = new StringBuilder();
        for (TaskSpec t : graph.topologicalOrder()) {
            out.append(String.format(Locale.ROOT, "%-21s %-56s %s%n", t.name(),
                    t.dependsOn().isEmpty() ? "(first)" : "after " + String.join(", ", t.dependsOn()), policy(t.policy())));
            out.append(String.format(Locale.ROOT, "%-21s %s%n", "", t.description()));
        }
        return out.toString();
    }

    public static String mermaid(PipelineGraph graph) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (TaskSpec t : graph.topologicalOrder()) {
            out.append("    ").append(t.name()).append("[\"").append(t.name()).append("\"]\n");
        }
        for (TaskSpec t : graph.topologicalOrder()) {
            for (String dep : t.dependsOn()) {
                out.append("    ").append(dep).append(" --> ").append(t.name()).append('\n');
            }
        }
        return out.toString();
    }

    public static String dot(PipelineGraph graph) {
        StringBuilder out = new StringBuilder("digraph bankdata {\n    rankdir=LR;\n    node [shape=box, fontname=\"Helvetica\"];\n");
        for (TaskSpec t : graph.topologicalOrder()) {
            out.append("    \"").append(t.name()).append("\" [tooltip=\"").append(t.description().replace("\"", "'"))
                    .append("\"];\n");
        }
        for (TaskSpec t : graph.topologicalOrder()) {
            for (String dep : t.dependsOn()) {
                out.append("    \"").append(dep).append("\" -> \"").append(t.name()).append("\";\n");
            }
        }
        return out.append("}\n").toString();
    }

    static String policy(TaskPolicy p) {
        return p.maxAttempts() + " attempt(s), backoff " + human(p.firstBackoff()) + "..." + human(p.maxBackoff())
                + ", timeout " + human(p.timeout());
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }
}
