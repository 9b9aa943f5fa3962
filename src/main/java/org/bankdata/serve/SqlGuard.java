package org.bankdata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether SQL from the SQL page may run. DuckDB parses it ({@code json_serialize_sql}, which
 * serializes SELECT statements only and fails on anything else); it must be exactly one SELECT statement, and
 * its parse tree must pass {@link AllowedSql}: published tables only, allowed functions only, no table
 * functions. The decision is on the parse, never on the text; the text is read only to name a refused
 * statement's first word in the message. The database is locked down as well (no file access, configuration
 * locked), so a statement that passed could still not reach a file.
 */
final class SqlGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIRST_WORD = Pattern.compile("^(?:\\s|\\(|--[^\\n]*\\n|/\\*.*?\\*/)*([A-Za-z_]+)",
            Pattern.DOTALL);
    private static final String READ_ONLY = "the SQL page is read-only and runs only SELECT or WITH queries over the"
            + " published tables";

    private SqlGuard() {
    }

    /**
     * Throws a 400 {@link ApiException} saying why {@code sql} is refused; returns it trimmed otherwise.
     * {@code tables} are the names of the published tables.
     */
    static String check(String sql, Set<String> tables, Connection connection) {
        if (sql == null || sql.isBlank()) {
            throw ApiException.badRequest("write a query, e.g. SELECT * FROM chart_top_complaints");
        }
        JsonNode parsed = parse(sql, connection);
        if (parsed.path("error").asBoolean()) {
            String message = parsed.path("error_message").asText();
            throw ApiException.badRequest(message.startsWith("Only SELECT") ? refusedStatement(sql)
                    : BoundedQuery.firstLine(message));
        }
        JsonNode statements = parsed.path("statements");
        if (statements.size() != 1) {
            throw ApiException.badRequest("one statement at a time: remove the ';' between statements");
        }
        AllowedSql.check(statements.get(0), tables);
        return sql.strip();
    }

    private static JsonNode parse(String sql, Connection connection) {
        try (PreparedStatement st = connection.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
            st.setString(1, sql);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            }
        } catch (SQLException | IOException e) {
            throw ApiException.badRequest(BoundedQuery.firstLine(e.getMessage()));
        }
    }

    /** "COPY is refused: ..." when the statement's first word names it; the parse already refused it. */
    private static String refusedStatement(String sql) {
        Matcher first = FIRST_WORD.matcher(sql);
        String keyword = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
        if (keyword.isEmpty() || keyword.equals("SELECT") || keyword.equals("WITH") || keyword.equals("FROM")) {
            return "one statement at a time, and only SELECT or WITH: " + READ_ONLY;
        }
        return keyword + " is refused: " + READ_ONLY;
    }
}
