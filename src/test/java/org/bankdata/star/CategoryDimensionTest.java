package org.bankdata.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.bankdata.RawBcbFiles;
import org.junit.jupiter.api.Test;

class CategoryDimensionTest {
    @Test
    void oneRowPerCategoryWithAUniqueKey() {
        List<Row> rows = CategoryDimension.build(CuratedInputs.complaints()).collectAsList();
        List<String> rawCategories = RawBcbFiles.allRankingLines().stream().map(RawBcbFiles.RankingLine::category).distinct().toList();
        assertThat(rawCategories).hasSize(8).contains("Grupo Secundário", "Demais Bancos, Financeiras e Instituições de Pagamento");
        assertThat(rows).extracting(r -> r.<String>getAs("category")).containsExactlyInAnyOrderElementsOf(rawCategories);
        assertThat(rows.stream().map(r -> r.<Long>getAs("category_key")).collect(Collectors.toSet())).hasSize(rows.size());
    }
}
