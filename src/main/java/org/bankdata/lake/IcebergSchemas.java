package org.bankdata.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.TableDef;

/** A declared table ({@link TableDef}) as an Iceberg table: its schema, partition spec and table properties. */
final class IcebergSchemas {
    private IcebergSchemas() {
    }

    /** The declared columns, in order, with their types, nullability and descriptions (as column comments). */
    static Schema schema(TableDef table) {
        Schema converted = SparkSchemaUtil.convert(table.sparkSchema());
        List<Types.NestedField> fields = new ArrayList<>();
        for (ColumnDef column : table.columns()) {
            Types.NestedField field = converted.findField(column.name());
            fields.add(Types.NestedField.of(field.fieldId(), column.nullable(), column.name(), field.type(), column.description()));
        }
        return new Schema(fields);
    }

    /** Identity-partitioned by the declared partition column (the quarantine table, by source), else unpartitioned. */
    static PartitionSpec spec(TableDef table, Schema schema) {
        return table.partition().map(c -> PartitionSpec.builderFor(schema).identity(c.name()).build())
                .orElse(PartitionSpec.unpartitioned());
    }

    /**
     * Format version 2; Snappy-compressed Parquet as the lake always wrote; a name mapping, so Parquet files written
     * without Iceberg's field ids (a lake converted from the earlier layout) read by column name.
     */
    static Map<String, String> properties(Schema schema) {
        return Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.PARQUET_COMPRESSION, "snappy",
                TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)));
    }
}
