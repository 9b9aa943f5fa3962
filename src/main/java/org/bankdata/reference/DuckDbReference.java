package org.bankdata.reference;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bankdata.config.QuarterRange;
import org.bankdata.bcb.complaints.RankingFileHeader;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.catalog.StarTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.LakeException;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.QueryResult;

/**
 * A DuckDB-only build of the same star schema and chart answers from the same inputs, with SQL alone:
 * {@code read_csv} for the cp1252 ranking files and the bank list, {@code read_json} for the fee
 * recordings, the star tables and the {@link ChartQuery} texts, every table written to Parquet. It is
 * the yardstick the Spark pipeline is measured against, and a second implementation its answers are
 * checked against.
 */
public final class DuckDbReference {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    /** The curated tables (but the quarantine: the reference leaves rejected rows out) and the star schema. */
    private static final List<String> TABLES = Stream.concat(
                    CuratedTables.ALL.stream().filter(t -> t != CuratedTables.QUARANTINE), StarTables.ALL.stream())
            .map(TableDef::name).toList();

    /** The answers and how long each step took (seconds, in order). */
    public record Result(ChartAnswers answers, Map<String, Double> stepSeconds, Map<String, Long> rows) {
    }

    public Result build(ReferenceInputs in) {
        Map<String, Double> steps = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try {
            Files.createDirectories(in.out());
        } catch (IOException e) {
            throw new LakeException("cannot create " + in.out() + ": " + e.getMessage(), e);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            timed(steps, "extract_complaints", () -> st.execute(ReferenceSql.curatedComplaints(
                    rankingSelects(in.complaintsDir(), in.out().resolve("_utf8")))));
            for (String macro : ReferenceSql.macros()) {
                st.execute(macro);
            }
            timed(steps, "extract_banks", () -> {
                st.execute(ReferenceSql.bankList(in.bankList()));
                st.execute(ReferenceSql.conglomerateAliases(in.conglomerateAliases()));
                st.execute(ReferenceSql.conformConglomerates());
            });
            timed(steps, "extract_fees", () -> st.execute(ReferenceSql.serviceFees(in.feeResponses())));
            timed(steps, "build_star", () -> {
                for (String sql : ReferenceSql.starSchema()) {
                    st.execute(sql);
                }
            });
            timed(steps, "build_charts", () -> {
                for (ChartQuery chart : ChartQuery.values()) {
                    st.execute("CREATE TABLE " + chart.table() + " AS " + chart.sql(QuarterRange.ALL));
                }
            });
            timed(steps, "write_parquet", () -> {
                List<String> all = new ArrayList<>(TABLES);
                for (ChartQuery chart : ChartQuery.values()) {
                    all.add(chart.table());
                }
                for (String table : all) {
                    st.execute("COPY " + table + " TO " + ReferenceSql.literal(in.out().resolve(table + ".parquet").toString())
                            + " (FORMAT parquet)");
                }
            });
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
            ChartAnswers answers = ChartAnswers.of(chart -> query(db, "SELECT * FROM " + chart.table()));
            return new Result(answers, steps, rows);
        } catch (SQLException e) {
            throw new BadInputException("the DuckDB reference failed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * DuckDB's read_csv decodes UTF-8, UTF-16 and strict Latin-1 only (Latin-1 refuses the cp1252 bytes
     * 0x80–0x9F, such as the header's en dash 0x96); cp1252 needs its {@code encodings} extension, which is
     * downloaded from DuckDB's extension server at first use. So cp1252 files are transcoded to UTF-8 in
     * one streaming pass into {@code utf8Dir} (timed with this step); UTF-8 copies are read in place.
     */
    private static List<String> rankingSelects(Path dir, Path utf8Dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> selects = new ArrayList<>();
            Files.createDirectories(utf8Dir);
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (RankingFileHeader.isStrictUtf8(bytes)) {
                    selects.add(ReferenceSql.rankingFile(file, file.getFileName().toString()));
                } else {
                    Path copy = utf8Dir.resolve(file.getFileName());
                    Files.writeString(copy, new String(bytes, CP1252), StandardCharsets.UTF_8);
                    selects.add(ReferenceSql.rankingFile(copy, file.getFileName().toString()));
                }
            }
            if (selects.isEmpty()) {
                throw new BadInputException(dir + " has no ranking *.csv files");
            }
            return selects;
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static QueryResult query(Connection db, String sql) {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new QueryResult(columns, rows);
        } catch (SQLException e) {
            throw new BadInputException("the DuckDB reference failed on " + sql + ": " + e.getMessage(), e);
        }
    }

    private interface SqlStep {
        void run() throws SQLException;
    }

    private static void timed(Map<String, Double> steps, String name, SqlStep step) throws SQLException {
        long t0 = System.nanoTime();
        step.run();
        steps.put(name, (System.nanoTime() - t0) / 1e9);
    }
}
