package org.bankdata.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.bankdata.pipeline.context.TaskOutputs;

/**
 * What a succeeded task left for the tasks after it ({@link TaskOutputs}) as the JSON stored with the task in the
 * run history ({@code task_runs.outputs_json}): {@code --resume} and {@code bankdata job} in another process read
 * it back. The format is a contract with older histories: fields may be added, never renamed.
 */
public final class TaskOutputsJson {
    /** The mapper of everything the pipeline stores as JSON (task outputs, run summaries): ISO-8601 instants. */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TaskOutputsJson() {
    }

    public static String write(TaskOutputs outputs) {
        try {
            return MAPPER.writeValueAsString(outputs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write task outputs as JSON", e);
        }
    }

    /** Reads back what {@link #write} wrote. */
    public static TaskOutputs read(String json) {
        try {
            return MAPPER.readValue(json, TaskOutputs.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read task outputs: " + e.getMessage(), e);
        }
    }
}
