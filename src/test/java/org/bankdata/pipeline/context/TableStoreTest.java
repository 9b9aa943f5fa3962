package org.bankdata.pipeline.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.TestSpark;
import org.bankdata.catalog.StarTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.errors.QualityCheckException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables are written through their declaration: other columns fail the task and nothing is written. */
class TableStoreTest {
    @TempDir
    Path root;

    private Dataset<Row> rows(String sql) {
        return TestSpark.session().sql(sql);
    }

    @Test
    void aTableWithTheDeclaredColumnsIsWritten() {
        LakeLayout layout = new LakeLayout(root);
        TableStore store = new TableStore(TestSpark.session(), layout, "r1");
        long written = store.write(StarTables.DIM_CATEGORY, rows("SELECT 1L AS category_key, 'Demais' AS category"));

        assertThat(written).isEqualTo(1);
        assertThat(store.read(StarTables.DIM_CATEGORY).columns()).containsExactly("category_key", "category");
        // written on the attempt's own branch only: neither the run's branch nor main is touched until a publish
        var table = LakeSite.local(root).icebergCatalog().table("dim_category");
        assertThat(table.refs()).containsOnlyKeys(store.branch()).doesNotContainKey("run_r1");
        assertThat(store.branch()).matches("run_r1_task_a1_[0-9a-f]{6}");
        assertThat(table.refs().get(store.branch()).snapshotId()).isEqualTo(store.ownTables().get("dim_category").snapshotId());
        assertThat(store.ownTables().get("dim_category").files()).singleElement()
                .satisfies(f -> assertThat(root.resolve(f)).isRegularFile());
    }

    @Test
    void aTableWithAMissingColumnFailsNamingBothListsAndWritesNothing() {
        LakeLayout layout = new LakeLayout(root);
        TableStore store = new TableStore(TestSpark.session(), layout, "r1");

        assertThatThrownBy(() -> store.write(StarTables.DIM_CATEGORY, rows("SELECT 1L AS category_key")))
                .isInstanceOf(QualityCheckException.class)
                .hasMessageStartingWith("table dim_category was written with columns [category_key bigint] but is declared"
                        + " with [category_key bigint, category string]");
        assertThat(Files.exists(root.resolve("tables/dim_category/data"))).isFalse();
        assertThat(LakeSite.local(root).icebergCatalog().table("dim_category").refs()).isEmpty();
        assertThat(store.ownTables()).isEmpty();
    }

    @Test
    void writeAllChecksEveryTableBeforeWritingAny() {
        LakeLayout layout = new LakeLayout(root);
        TableStore store = new TableStore(TestSpark.session(), layout, "r1");
        Map<TableDef, Dataset<Row>> tables = new LinkedHashMap<>();
        tables.put(StarTables.DIM_CATEGORY, rows("SELECT 1L AS category_key, 'Demais' AS category"));
        tables.put(StarTables.DIM_SERVICE, rows("SELECT 1 AS service_key, '0101' AS service_code, 'Cadastro' AS service_name"));

        assertThatThrownBy(() -> store.writeAll(tables))
                .hasMessageStartingWith("table dim_service was written with columns [service_key int, service_code string,"
                        + " service_name string] but is declared with [service_key bigint,");
        assertThat(Files.exists(root.resolve("tables/dim_category/data"))).isFalse();
        assertThat(LakeSite.local(root).icebergCatalog().table("dim_category").refs()).isEmpty();
    }
}
