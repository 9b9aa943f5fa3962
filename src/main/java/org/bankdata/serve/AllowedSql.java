package org.bankdata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a statement from the SQL page may contain, checked on DuckDB's own parse tree of it (the JSON of
 * {@code json_serialize_sql}), never on its text: a quoted or oddly spelled name parses to the same node as
 * a plain one. Everything not listed here is refused: table functions of any name ({@code read_text},
 * {@code glob}, {@code query}, ...; only {@code range} and {@code generate_series} with constant arguments,
 * which make numbers, not read them), tables other than the published ones and the statement's own
 * {@code WITH} names, {@code WITH RECURSIVE}, prepared-statement parameters, lambdas, and every function not
 * on the list below. The list holds only functions whose answer is at most a small multiple of their
 * arguments' size, so a statement cannot build a value of gigabytes inside one function call (DuckDB's
 * {@code memory_limit} does not bound such a value, nor can the statement be cancelled inside the call):
 * {@code repeat}, {@code lpad}, {@code rpad}, {@code printf}, {@code replace}, {@code string_agg} and list
 * functions are not on it, and concatenation ({@code ||}, {@code concat}) is limited to a few per
 * statement. Text constants are limited in length for the same reason.
 */
final class AllowedSql {
    /**
     * Concatenations a statement may make in all ({@code a || b || c} makes two): each can at most double a
     * value (a subquery's column concatenated with itself), so values stay under 2^6 times the longest text.
     */
    static final int MAX_CONCATENATIONS = 6;
    /** Longest text constant, in characters. */
    static final int MAX_TEXT_CONSTANT = 200;

    private static final Set<String> FUNCTIONS = Set.of(
            // operators (DuckDB parses them as functions)
            "+", "-", "*", "/", "//", "%", "**", "^", "~~", "!~~", "~~*", "!~~*", "~~~", "!~~~",
            // aggregates
            "count", "count_star", "sum", "avg", "mean", "min", "max", "median", "mode", "quantile", "quantile_cont",
            "quantile_disc", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "corr",
            "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "regr_r2", "regr_count", "bool_and",
            "bool_or", "first", "last", "any_value", "arg_max", "arg_min", "max_by", "min_by", "argmax", "argmin",
            "approx_count_distinct", "count_if", "countif", "product", "entropy", "kurtosis", "skewness", "fsum",
            "favg", "sumkahan", "kahan_sum",
            // window functions
            "row_number", "rank", "dense_rank", "rank_dense", "percent_rank", "cume_dist", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value",
            // numbers
            "abs", "round", "round_even", "roundbankers", "even", "floor", "ceil", "ceiling", "trunc", "sign", "sqrt",
            "cbrt", "ln", "log", "log10", "log2", "exp", "pow", "power", "greatest", "least", "fmod", "gcd", "lcm",
            "isnan", "isinf", "isfinite", "pi", "degrees", "radians", "factorial",
            // conditionals
            "coalesce", "nullif", "ifnull", "if", "iif",
            // text whose answer is at most its arguments' size (or a fixed size)
            "length", "len", "strlen", "char_length", "character_length", "octet_length", "lower", "upper", "lcase",
            "ucase", "trim", "ltrim", "rtrim", "substring", "substr", "left", "right", "strpos", "instr", "position",
            "contains", "starts_with", "prefix", "ends_with", "suffix", "reverse", "split_part", "strip_accents",
            "nfc_normalize", "regexp_matches", "regexp_full_match", "regexp_extract", "ascii", "unicode", "md5",
            "hash", "like_escape", "ilike_escape", "levenshtein", "jaccard", "jaro_similarity", "damerau_levenshtein",
            "concat", "concat_ws", "||",
            // dates and intervals
            "year", "month", "quarter", "day", "dayofmonth", "dayofweek", "dayofyear", "week", "weekofyear",
            "isodow", "isoyear", "yearweek", "hour", "minute", "second", "epoch", "date_part", "datepart",
            "date_trunc", "datetrunc", "date_diff", "datediff", "date_sub", "datesub", "date_add", "make_date",
            "last_day", "monthname", "dayname", "strftime", "strptime", "current_date", "today", "age", "to_days",
            "to_months", "to_years", "to_weeks", "to_hours", "to_minutes", "to_seconds", "to_milliseconds",
            "to_microseconds", "typeof");
    private static final Set<String> CONCAT = Set.of("||", "concat", "concat_ws");
    /** Table functions that read nothing, allowed with constant arguments only: a row count, never a file. */
    private static final Set<String> NUMBER_SERIES = Set.of("range", "generate_series");

    /** Expression classes of DuckDB's parse tree a statement may use (functions are checked by name besides). */
    private static final Set<String> EXPRESSIONS = Set.of("COLUMN_REF", "CONSTANT", "FUNCTION", "WINDOW", "CAST", "CASE",
            "COMPARISON", "CONJUNCTION", "OPERATOR", "STAR", "SUBQUERY", "BETWEEN", "COLLATE", "POSITIONAL_REFERENCE");
    /** Query nodes, table references and modifiers a statement may use. */
    private static final Set<String> NODES = Set.of("SELECT_NODE", "SET_OPERATION_NODE", "CTE_NODE", "BASE_TABLE", "JOIN",
            "SUBQUERY", "EXPRESSION_LIST", "EMPTY", "ORDER_MODIFIER", "LIMIT_MODIFIER", "LIMIT_PERCENT_MODIFIER",
            "DISTINCT_MODIFIER", "ASCENDING", "DESCENDING", "ORDER_DEFAULT");
    private static final String READS = "the SQL page reads only the published tables, by name (see the table list)";

    private final Set<String> tables;
    private final Set<String> withNames = new HashSet<>();
    private final Set<JsonNode> seriesCalls = Collections.newSetFromMap(new IdentityHashMap<>());
    private int concatenations;

    private AllowedSql(Set<String> tables) {
        this.tables = tables;
    }

    /**
     * Throws a 400 {@link ApiException} naming the first thing in {@code statement} (one statement of
     * {@code json_serialize_sql}'s answer) that is not allowed; {@code tables} are the published tables' names.
     */
    static void check(JsonNode statement, Set<String> tables) {
        Set<String> names = new HashSet<>();
        tables.forEach(t -> names.add(t.toLowerCase(Locale.ROOT)));
        AllowedSql check = new AllowedSql(names);
        check.collectWithNames(statement);
        check.walk(statement);
    }

    private void collectWithNames(JsonNode node) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                withNames.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
            }
        }
        if (node.isContainerNode()) {
            node.forEach(this::collectWithNames);
        }
    }

    private void walk(JsonNode node) {
        if (node.isArray()) {
            node.forEach(this::walk);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode expressionClass = node.get("class");
        JsonNode type = node.get("type");
        if (expressionClass != null && expressionClass.isTextual()) {
            expression(node, expressionClass.asText());
        } else if (type != null && type.isTextual()) {
            node(node, type.asText());
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            walk(field.getValue());
        }
    }

    private void expression(JsonNode node, String expressionClass) {
        if (expressionClass.equals("FUNCTION") || expressionClass.equals("WINDOW")) {
            function(node);
        } else if (expressionClass.equals("CONSTANT")) {
            JsonNode value = node.path("value").path("value");
            if (value.isTextual() && value.asText().length() > MAX_TEXT_CONSTANT) {
                throw refused("a text constant longer than " + MAX_TEXT_CONSTANT + " characters is refused on the SQL page;"
                        + " shorten it (e.g. filter with LIKE on a part of it)");
            }
        } else if (expressionClass.equals("PARAMETER")) {
            throw refused("parameters ($1, ?) are refused: write the values into the query");
        } else if (!EXPRESSIONS.contains(expressionClass)) {
            throw refused(expressionClass.toLowerCase(Locale.ROOT).replace('_', ' ') + " expressions are refused on the"
                    + " SQL page; " + READS + " with the functions listed in docs/OPERATIONS.md");
        }
    }

    private void function(JsonNode node) {
        if (seriesCalls.contains(node)) {
            return;
        }
        String name = node.path("function_name").asText().toLowerCase(Locale.ROOT);
        if (!node.path("schema").asText().isEmpty() || !node.path("catalog").asText().isEmpty()) {
            throw refused(qualified(node) + "() is refused: call functions by their plain name");
        }
        if (!FUNCTIONS.contains(name)) {
            throw refused(name + "() is refused: the SQL page allows the functions listed in docs/OPERATIONS.md"
                    + " (aggregates, window functions, arithmetic, text, dates), nothing that reads files, settings or"
                    + " the environment, or builds very large values");
        }
        if (CONCAT.contains(name)) {
            concatenations += Math.max(0, node.path("children").size() - 1);
            if (concatenations > MAX_CONCATENATIONS) {
                throw refused("more than " + MAX_CONCATENATIONS + " concatenations (||, concat) in one query are refused:"
                        + " concatenating a value with itself again and again builds values no limit catches");
            }
        }
    }

    private void node(JsonNode node, String type) {
        switch (type) {
            case "TABLE_FUNCTION" -> tableFunction(node.path("function"));
            case "RECURSIVE_CTE_NODE" -> throw refused("WITH RECURSIVE is refused: a recursive query can grow without"
                    + " bound; use plain WITH queries over the published tables");
            case "BASE_TABLE" -> table(node);
            default -> {
                if (!NODES.contains(type)) {
                    throw refused(type.toLowerCase(Locale.ROOT).replace('_', ' ') + " is refused on the SQL page; " + READS);
                }
            }
        }
    }

    private void tableFunction(JsonNode function) {
        String name = function.path("function_name").asText("a table function").toLowerCase(Locale.ROOT);
        boolean plain = function.path("schema").asText().isEmpty() && function.path("catalog").asText().isEmpty();
        if (!plain || !NUMBER_SERIES.contains(name)) {
            throw refused(name + "() is refused: table functions are not allowed (but range and generate_series); " + READS);
        }
        for (JsonNode argument : function.path("children")) {
            JsonNode value = argument.path("class").asText().equals("CAST") ? argument.path("child") : argument;
            if (!value.path("class").asText().equals("CONSTANT")) {
                throw refused(name + "() takes only constant arguments on the SQL page, e.g. range(1000)");
            }
        }
        seriesCalls.add(function);
    }

    private void table(JsonNode node) {
        String name = node.path("table_name").asText();
        boolean plain = node.path("schema_name").asText().isEmpty() && node.path("catalog_name").asText().isEmpty();
        String key = name.toLowerCase(Locale.ROOT);
        if (!plain || !(tables.contains(key) || withNames.contains(key))) {
            throw refused("'" + name + "' is not a published table: " + READS + ", not files or other databases");
        }
    }

    private static String qualified(JsonNode node) {
        String catalog = node.path("catalog").asText();
        String schema = node.path("schema").asText();
        return (catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".")
                + node.path("function_name").asText();
    }

    private static ApiException refused(String message) {
        return ApiException.badRequest(message);
    }
}
