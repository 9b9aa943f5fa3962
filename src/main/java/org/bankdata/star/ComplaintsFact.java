package org.bankdata.star;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.CuratedTables;

/** fact_complaints: one row per institution and quarter, with the ranking's measures. */
public final class ComplaintsFact {
    private ComplaintsFact() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedComplaints) {
        List<Column> columns = new ArrayList<>(List.of(
                col("period_key"),
                StarKeys.institutionKey(col("cnpj8"), col("institution_name")).as("institution_key"),
                StarKeys.categoryKey(col("category")).as("category_key"),
                col("complaint_index")));
        for (ColumnDef count : CuratedTables.COUNTS) {
            columns.add(col(count.name()));
        }
        return curatedComplaints.select(columns.toArray(Column[]::new));
    }
}
