package org.bankdata.dag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;

/**
 * What every task of a generated DAG passes to {@code bankdata job}: the Airflow run id, the lake and the run history
 * (null: the lake's own), and where the job finds the history's password ({@code --password-file}, a path on the
 * host running the job, may be null). Never a password: a history URL holding one is refused.
 */
public record JobArguments(String lake, String history, String passwordFile) {
    /** Airflow's run id, rendered by Airflow when the task runs. */
    public static final String RUN_ID = "{{ run_id }}";

    public JobArguments {
        Objects.requireNonNull(lake, "lake");
        if (history != null && !Redaction.redact(history).equals(history)) {
            throw new UsageException("--history " + Redaction.redact(history) + " holds a password, which the DAG file and"
                    + " Airflow's task logs would show; give the URL without it, and the password to the jobs by"
                    + " --password-file, PGPASSWORD or ~/.pgpass on the hosts that run them (for glue, --password-secret)");
        }
    }

    /** {@code job <task> --run {{ run_id }} --lake ... [--history ...] [--password-file ...]}. */
    public List<String> job(String task) {
        List<String> args = new ArrayList<>(List.of("job", task, "--run", RUN_ID, "--lake", lake));
        if (history != null) {
            args.addAll(List.of("--history", history));
        }
        if (passwordFile != null) {
            args.addAll(List.of("--password-file", passwordFile));
        }
        return args;
    }
}
