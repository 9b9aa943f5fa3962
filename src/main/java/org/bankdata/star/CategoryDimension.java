package org.bankdata.star;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** dim_category: the ranking categories (the BCB groups institutions by size, and renames groups over time). */
public final class CategoryDimension {
    private CategoryDimension() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedComplaints) {
        return curatedComplaints.select("category").distinct()
                .select(StarKeys.categoryKey(col("category")).as("category_key"), col("category"));
    }
}
