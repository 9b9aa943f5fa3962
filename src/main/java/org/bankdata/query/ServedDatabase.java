package org.bankdata.query;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;

/**
 * The dashboard's database over one published snapshot: results streamed, small tables copied into memory,
 * then locked down so that SQL from the page reads the published tables and nothing else (no other file, no
 * network, no extension, bounded memory and threads, configuration locked). Each concurrent user gets its own
 * connection to it.
 */
public final class ServedDatabase implements AutoCloseable {
    private final LakeQueryEngine engine;

    private ServedDatabase(LakeQueryEngine engine) {
        this.engine = engine;
    }

    /** The snapshot's tables as streaming views, not yet copied nor locked down. */
    public static ServedDatabase open(LakeLayout layout, Snapshot snapshot) {
        return new ServedDatabase(LakeQueryEngine.openStreaming(layout, snapshot));
    }

    /**
     * Copies every published table of at most {@code maxRows} rows into DuckDB's memory, in place of its
     * view over Parquet, so repeated queries (a dashboard) skip listing and decoding the files each time.
     * Larger tables stay views. Returns the number of tables copied.
     */
    public int materializeSmallTables(long maxRows) {
        int copied = 0;
        try (Statement st = engine.connection().createStatement()) {
            for (PublishedTable table : engine.snapshot().tables().values()) {
                if (table.rows() > maxRows) {
                    continue;
                }
                st.execute("CREATE TABLE " + table.name() + "__copy AS SELECT * FROM " + table.name());
                st.execute("DROP VIEW " + table.name());
                st.execute("ALTER TABLE " + table.name() + "__copy RENAME TO " + table.name());
                copied++;
            }
        } catch (SQLException e) {
            throw new LakeException("cannot load the published tables into DuckDB's memory: " + e.getMessage(), e);
        }
        return copied;
    }

    /**
     * Makes this database read-only towards the outside: files only under {@code readableDir} (where the
     * views' Parquet lives; null when every table is in memory and no file need be read), no other file,
     * network or extension access, at most {@code memoryLimit} and {@code threads}, spilling (sorts, joins
     * larger than memory) only into {@code spillDir} and at most {@code maxSpill} there, and the configuration
     * locked so SQL cannot undo any of it. Views created before keep working. DuckDB can always read its own
     * spill folder, so it must be a folder private to this database (see {@code SpillFolder} of the server).
     */
    public void lockDown(Path readableDir, Path spillDir, String memoryLimit, String maxSpill, int threads) {
        String dir = readableDir == null ? null : readableDir.toAbsolutePath().normalize() + java.io.File.separator;
        try (Statement st = engine.connection().createStatement()) {
            st.execute("SET temp_directory = " + LakeQueryEngine.literal(spillDir.toAbsolutePath().toString()));
            st.execute("SET max_temp_directory_size = " + LakeQueryEngine.literal(maxSpill));
            if (dir != null) {
                st.execute("SET allowed_directories = [" + LakeQueryEngine.literal(dir) + "]");
            }
            st.execute("SET enable_external_access = false");
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            st.execute("SET memory_limit = " + LakeQueryEngine.literal(memoryLimit));
            st.execute("SET threads = " + threads);
            st.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            throw new LakeException("cannot restrict DuckDB to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Another connection to the same in-memory database (same views and settings), for one concurrent user. */
    public Connection newConnection() {
        return engine.newConnection();
    }

    public Snapshot snapshot() {
        return engine.snapshot();
    }

    @Override
    public void close() {
        engine.close();
    }
}
