package org.bankdata.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.LakeException;
import org.bankdata.query.ChartQuery;

/**
 * What {@code bankdata reference} prints, and how {@code bankdata bench} reads it back: the whole build's seconds, the
 * seconds of each step, the rows of each table and every chart's answer rows. Dates are ISO strings
 * ({@code 2021-03-31}), as {@link ChartAnswers} compares them.
 *
 * @param seconds     the whole build
 * @param stepSeconds seconds per step, in order
 * @param rows        rows per table
 * @param answers     each chart's rows, without surrogate keys
 */
public record ReferenceOutput(double seconds, Map<String, Double> stepSeconds, Map<String, Long> rows, ChartAnswers answers) {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public ReferenceOutput {
        stepSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(stepSeconds));
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    public static ReferenceOutput of(double seconds, DuckDbReference.Result result) {
        return new ReferenceOutput(seconds, result.stepSeconds(), result.rows(), result.answers());
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seconds", seconds);
        json.put("steps", stepSeconds);
        json.put("rows", rows);
        Map<String, Object> charts = new LinkedHashMap<>();
        for (ChartQuery chart : ChartQuery.values()) {
            charts.put(chart.table(), answers.rows().get(chart));
        }
        json.put("answers", charts);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new LakeException("cannot write the reference's answers as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads what {@link #toJson()} wrote (numbers as decimals, everything else as text). */
    public static ReferenceOutput parse(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            Map<String, Double> steps = new LinkedHashMap<>();
            root.path("steps").fields().forEachRemaining(e -> steps.put(e.getKey(), e.getValue().asDouble()));
            Map<String, Long> rows = new LinkedHashMap<>();
            root.path("rows").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
            Map<ChartQuery, List<List<Object>>> charts = new EnumMap<>(ChartQuery.class);
            for (ChartQuery chart : ChartQuery.values()) {
                List<List<Object>> chartRows = new ArrayList<>();
                for (JsonNode row : root.path("answers").path(chart.table())) {
                    List<Object> values = new ArrayList<>();
                    row.forEach(v -> values.add(v.isNumber() ? (Object) v.decimalValue() : v.isNull() ? null : v.asText()));
                    chartRows.add(values);
                }
                charts.put(chart, chartRows);
            }
            return new ReferenceOutput(root.path("seconds").asDouble(), steps, rows, ChartAnswers.ofRows(charts));
        } catch (JsonProcessingException e) {
            throw new LakeException("cannot read what `bankdata reference` printed: " + e.getOriginalMessage(), e);
        }
    }
}
