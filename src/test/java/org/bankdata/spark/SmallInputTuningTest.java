package org.bankdata.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.TestSpark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmallInputTuningTest {
    private final SparkSession spark = TestSpark.session();

    @AfterEach
    void restoreDefaults() {
        SmallInputTuning.apply(spark, Long.MAX_VALUE);
    }

    @Test
    void smallInputsRunInterpretedAndLargeOnesGetSparksDefaultsBack() {
        assertThat(SmallInputTuning.apply(spark, 1_000_000)).isTrue();
        assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("false");
        assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo("NO_CODEGEN");

        assertThat(SmallInputTuning.apply(spark, SmallInputTuning.SMALL_INPUT_BYTES + 1)).isFalse();
        assertThat(spark.conf().get("spark.sql.codegen.wholeStage")).isEqualTo("true");
        assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo("FALLBACK");
    }

    @Test
    void theExpressionsThePipelineUsesGiveTheSameAnswersInterpreted() {
        String sql = "SELECT xxhash64(concat('cnpj:', c)) AS k, regexp_replace(c, '[^0-9]', '') AS digits,"
                + " from_csv(line, 'a STRING, b STRING', map('sep', ';')).b AS b, CAST(replace(replace(n, '.', ''), ',', '.')"
                + " AS DECIMAL(18,2)) AS n, row_number() OVER (PARTITION BY c ORDER BY n DESC) AS r"
                + " FROM VALUES ('00.360.305', 'x;y', '16.699,13'), ('60.746.948', 'p;q', '1,50'),"
                + " ('00.360.305', 'u;v', '2,00') AS t(c, line, n) ORDER BY k, r";
        SmallInputTuning.apply(spark, Long.MAX_VALUE);
        List<Row> compiled = spark.sql(sql).collectAsList();
        SmallInputTuning.apply(spark, 1);
        List<Row> interpreted = spark.sql(sql).collectAsList();
        assertThat(interpreted).hasSize(3).isEqualTo(compiled);
    }
}
