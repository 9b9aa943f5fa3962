package org.bankdata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether SQL from the SQL page may run: one SELECT or WITH query over the published tables,
 * nothing that reads files, changes settings or loads code. The keyword checks give a clear message;
 * DuckDB's own parser then confirms it is exactly one SELECT statement. The database itself is locked
 * down as well ({@code enable_external_access = false}, configuration locked), so a query that slips past
 * these checks still cannot reach a file.
 */
final class SqlGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*\\(*\\s*([A-Za-z_]+)");
    private static final Pattern STATEMENT_KEYWORDS = Pattern.compile(
            "\\b(COPY|ATTACH|DETACH|INSTALL|LOAD|SET|RESET|PRAGMA|EXPORT|IMPORT|CALL|CHECKPOINT|VACUUM|USE|CREATE|DROP|ALTER"
                    + "|INSERT|UPDATE|DELETE|TRUNCATE)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILE_FUNCTIONS = Pattern.compile(
            "\\b(read_[a-z_]+|glob|parquet_[a-z_]+|parquet_scan|sniff_csv|csv_scan|json_scan|iceberg_[a-z_]+|delta_scan"
                    + "|sqlite_[a-z_]+|postgres_[a-z_]+|mysql_[a-z_]+|query_table|load_extension|getenv)\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    private SqlGuard() {
    }

    /** Throws a 400 {@link ApiException} saying why {@code sql} is refused; returns it trimmed otherwise. */
    static String check(String sql, Connection connection) {
        if (sql == null || sql.isBlank()) {
            throw ApiException.badRequest("write a query, e.g. SELECT * FROM chart_top_complaints");
        }
        String code = STRINGS.matcher(COMMENTS.matcher(sql).replaceAll(" ")).replaceAll("''");
        if (code.replaceAll(";\\s*$", "").contains(";")) {
            throw ApiException.badRequest("one statement at a time: remove the ';' between statements");
        }
        Matcher first = FIRST_WORD.matcher(code);
        String keyword = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
        if (!keyword.equals("SELECT") && !keyword.equals("WITH")) {
            Matcher refused = STATEMENT_KEYWORDS.matcher(keyword);
            throw ApiException.badRequest((refused.matches() ? keyword + " is refused: " : "")
                    + "the SQL page is read-only and runs only SELECT or WITH queries over the published tables");
        }
        Matcher file = FILE_FUNCTIONS.matcher(code);
        if (file.find()) {
            throw ApiException.badRequest(file.group(1).toLowerCase(Locale.ROOT) + "() is refused: the SQL page reads only"
                    + " the published tables, by name (see the table list), not files or the environment");
        }
        confirmSingleSelect(sql, connection);
        return sql.strip();
    }

    private static void confirmSingleSelect(String sql, Connection connection) {
        try (PreparedStatement st = connection.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
            st.setString(1, sql);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                JsonNode parsed = JSON.readTree(rs.getString(1));
                if (parsed.path("error").asBoolean()) {
                    String message = parsed.path("error_message").asText();
                    throw ApiException.badRequest(message.startsWith("Only SELECT")
                            ? "the SQL page is read-only and runs only SELECT or WITH queries over the published tables"
                            : BoundedQuery.firstLine(message));
                }
                if (parsed.path("statements").size() != 1) {
                    throw ApiException.badRequest("one statement at a time");
                }
            }
        } catch (SQLException | IOException e) {
            throw ApiException.badRequest(BoundedQuery.firstLine(e.getMessage()));
        }
    }
}
