package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawBcbFiles.RankingLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComplaintsFactTest {
    private static Dataset<Row> fact;
    /** Built once and cached: three tests join the fact to it. */
    private static Dataset<Row> institutions;
    private static List<RankingLine> raw;

    @BeforeAll
    static void build() {
        fact = ComplaintsFact.build(CuratedInputs.complaints()).cache();
        institutions = InstitutionDimension.build(CuratedInputs.complaints(), CuratedInputs.bankList(), CuratedInputs.conformed()).cache();
        raw = RawBcbFiles.allRankingLines();
    }

    @Test
    void oneFactRowPerRankingRow() {
        assertThat(fact.count()).isEqualTo(raw.size()).isEqualTo(892);
        Map<Integer, Long> totals = fact.groupBy("period_key").agg(sum("total_complaints")).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getInt(0), r -> r.getLong(1)));
        assertThat(totals).isEqualTo(raw.stream().collect(Collectors.groupingBy(RankingLine::periodKey,
                Collectors.summingLong(RankingLine::total))));
    }

    @Test
    void everyFactJoinsItsDimensions() {
        Dataset<Row> categories = CategoryDimension.build(CuratedInputs.complaints());
        Dataset<Row> periods = PeriodDimension.build(CuratedInputs.complaints());
        assertThat(fact.join(institutions, fact.col("institution_key").equalTo(institutions.col("institution_key")), "left_anti").count()).isZero();
        assertThat(fact.join(categories, fact.col("category_key").equalTo(categories.col("category_key")), "left_anti").count()).isZero();
        assertThat(fact.join(periods, fact.col("period_key").equalTo(periods.col("period_key")), "left_anti").count()).isZero();
    }

    @Test
    void caixaTotalThroughTheStar() {
        Row caixa = fact.join(institutions, "institution_key")
                .where(col("name").equalTo("CAIXA ECONÔMICA FEDERAL (conglomerado)"))
                .agg(sum("total_complaints"), count("*")).first();
        assertThat(caixa.getLong(0)).isEqualTo(138_458L);
        assertThat(caixa.getLong(1)).isEqualTo(8L);
    }

    @Test
    void measuresAreCarriedUnchanged() {
        // BANCO ABN AMRO S.A. in 2020Q1, read from the file.
        RankingLine abn = raw.stream().filter(l -> l.periodKey() == 20201 && l.name().equals("BANCO ABN AMRO S.A.")).findFirst().orElseThrow();
        Row row = fact.join(institutions, "institution_key").where(col("cnpj8").equalTo("03532415").and(col("period_key").equalTo(20201))).first();
        assertThat(row.<Long>getAs("total_complaints")).isEqualTo(abn.total());
        assertThat(row.<Long>getAs("regulated_upheld")).isEqualTo(abn.count(7));
        assertThat(row.<Long>getAs("clients_scr")).isEqualTo(abn.count(13));
        assertThat(row.<BigDecimal>getAs("complaint_index")).isEqualTo(abn.complaintIndex());
        assertThat(fact.columns()).containsExactly("period_key", "institution_key", "category_key", "complaint_index", "regulated_upheld",
                "regulated_other", "unregulated", "total_complaints", "clients_total", "clients_ccs", "clients_scr");
    }
}
