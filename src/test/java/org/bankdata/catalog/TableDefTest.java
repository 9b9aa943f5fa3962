package org.bankdata.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.errors.QualityCheckException;
import org.junit.jupiter.api.Test;

/** The write-time check: a table written with other columns than declared fails, naming both lists. */
class TableDefTest {
    private static final TableDef DIM = StarTables.DIM_INSTITUTION;

    /** dim_institution as a task should write it, typed independently of the catalog. */
    private static StructType dimInstitution() {
        return new StructType()
                .add("institution_key", DataTypes.LongType, false)
                .add("cnpj8", DataTypes.StringType, true)
                .add("name", DataTypes.StringType, true)
                .add("institution_type", DataTypes.StringType, false)
                .add("segment", DataTypes.StringType, true)
                .add("leader_cnpj8", DataTypes.StringType, true)
                .add("fee_cnpj8", DataTypes.StringType, true)
                .add("bank_list_name", DataTypes.StringType, true)
                .add("bank_list_name_original", DataTypes.StringType, true);
    }

    @Test
    void theDeclaredColumnsPassWhateverTheirNullability() {
        assertThatCode(() -> DIM.requireColumns(dimInstitution())).doesNotThrowAnyException();
        assertThatCode(() -> DIM.requireColumns(DIM.sparkSchema())).doesNotThrowAnyException();
    }

    @Test
    void aMissingColumnFailsWithOneLineNamingBothLists() {
        StructType written = new StructType(java.util.Arrays.copyOf(dimInstitution().fields(), 4));
        assertThatThrownBy(() -> DIM.requireColumns(written))
                .isInstanceOf(QualityCheckException.class)
                .hasMessageStartingWith("table dim_institution was written with columns [institution_key bigint, cnpj8 string,"
                        + " name string, institution_type string] but is declared with [institution_key bigint, cnpj8 string,"
                        + " name string, institution_type string, segment string, leader_cnpj8 string, fee_cnpj8 string,"
                        + " bank_list_name string, bank_list_name_original string]")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anExtraColumnFails() {
        assertThatThrownBy(() -> DIM.requireColumns(dimInstitution().add("natural_key", DataTypes.StringType)))
                .hasMessageContaining("written with columns [institution_key bigint, cnpj8 string, name string,"
                        + " institution_type string, segment string, leader_cnpj8 string, fee_cnpj8 string, bank_list_name string,"
                        + " bank_list_name_original string, natural_key string] but is declared with");
    }

    @Test
    void anotherOrderFails() {
        StructType swapped = new StructType()
                .add("cnpj8", DataTypes.StringType)
                .add("institution_key", DataTypes.LongType)
                .add("name", DataTypes.StringType)
                .add("institution_type", DataTypes.StringType)
                .add("segment", DataTypes.StringType);
        assertThatThrownBy(() -> DIM.requireColumns(swapped)).hasMessageContaining("[cnpj8 string, institution_key bigint,");
    }

    @Test
    void anotherTypeFailsAndNamesTheSparkType() {
        StructType wrongType = new StructType()
                .add("institution_key", DataTypes.IntegerType)
                .add("cnpj8", DataTypes.StringType)
                .add("name", DataTypes.StringType)
                .add("institution_type", DataTypes.StringType)
                .add("segment", DataTypes.StringType);
        assertThatThrownBy(() -> DIM.requireColumns(wrongType)).hasMessageContaining("[institution_key int, cnpj8");
        StructType unknownType = new StructType()
                .add("institution_key", DataTypes.DoubleType)
                .add("cnpj8", DataTypes.StringType)
                .add("name", DataTypes.StringType)
                .add("institution_type", DataTypes.StringType)
                .add("segment", DataTypes.StringType);
        assertThatThrownBy(() -> DIM.requireColumns(unknownType)).hasMessageContaining("[institution_key double, cnpj8");
    }

    @Test
    void allChecksStartWithTheKeyThenTheNotNullColumnsThenTheDeclaredOnes() {
        assertThat(DIM.allChecks()).startsWith(
                new TableCheck.Unique(List.of("institution_key")),
                new TableCheck.NotNull("institution_key"),
                new TableCheck.NotNull("name"),
                new TableCheck.NotNull("institution_type"),
                TableCheck.unique("cnpj8"));
    }

    @Test
    void aDeclarationWithAnUndeclaredKeyOrADuplicateColumnIsRefused() {
        ColumnDef a = ColumnDef.required("a", ColumnType.INT, "a", "", "");
        assertThatThrownBy(() -> new TableDef("t", TableDef.Layer.FACT, "row", "", List.of("b"), List.of("x"), List.of(a), List.of()))
                .hasMessageContaining("key column b");
        assertThatThrownBy(() -> new TableDef("t", TableDef.Layer.FACT, "row", "", List.of(), List.of("x"), List.of(a, a), List.of()))
                .hasMessageContaining("declares a column twice");
    }

    @Test
    void everyColumnTypeMapsToEveryEngine() {
        for (ColumnType type : ColumnType.values()) {
            assertThat(ColumnType.ofSpark(type.sparkType())).contains(type);
            assertThat(List.of(type.docName(), type.duckDbType(), type.postgresType(), type.hiveType())).allMatch(s -> !s.isBlank());
        }
        assertThat(ColumnType.DECIMAL_12_2.sparkType()).isEqualTo(DataTypes.createDecimalType(12, 2));
        assertThat(ColumnType.BIGINT.postgresType()).isEqualTo("bigint");
    }
}
