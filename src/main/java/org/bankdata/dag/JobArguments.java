package org.bankdata.dag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;

/**
 * What every task of a generated DAG passes to {@code bankdata job}: the Airflow run id, the lake and the run history
 * (null: the lake's own), where the job finds the history's password ({@code --password-file}, a path on the
 * host running the job, may be null), and the lake's Iceberg catalog and namespace (null: the job's default, the
 * history's database or {@code BANKDATA_CATALOG}; the namespace {@code bankdata}). Never a password: a history or
 * catalog URL holding one is refused.
 */
public record JobArguments(String lake, String history, String passwordFile, String catalog, String namespace) {
    /** Airflow's run id, rendered by Airflow when the task runs. */
    public static final String RUN_ID = "{{ run_id }}";

    public JobArguments {
        Objects.requireNonNull(lake, "lake");
        refusePassword("--history", history);
        refusePassword("--catalog", catalog);
    }

    /** The jobs use the lake's default catalog and namespace. */
    public JobArguments(String lake, String history, String passwordFile) {
        this(lake, history, passwordFile, null, null);
    }

    private static void refusePassword(String option, String url) {
        if (url != null && !Redaction.redact(url).equals(url)) {
            throw new UsageException(option + " " + Redaction.redact(url) + " holds a password, which the DAG file and"
                    + " Airflow's task logs would show; give the URL without it, and the password to the jobs by"
                    + " --password-file, PGPASSWORD or ~/.pgpass on the hosts that run them (for glue, --password-secret)");
        }
    }

    /**
     * {@code job <task> --run {{ run_id }} --lake ... [--history ...] [--password-file ...] [--catalog ...]
     * [--namespace ...]}.
     */
    public List<String> job(String task) {
        List<String> args = new ArrayList<>(List.of("job", task, "--run", RUN_ID, "--lake", lake));
        options().forEach((option, value) -> args.addAll(List.of(option, value)));
        return args;
    }

    /** The options after {@code --lake}, in the order {@link #job} gives them, those not set left out. */
    public java.util.Map<String, String> options() {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        if (history != null) {
            options.put("--history", history);
        }
        if (passwordFile != null) {
            options.put("--password-file", passwordFile);
        }
        if (catalog != null) {
            options.put("--catalog", catalog);
        }
        if (namespace != null) {
            options.put("--namespace", namespace);
        }
        return options;
    }
}
