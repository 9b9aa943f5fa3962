package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.TestSpark;
import org.junit.jupiter.api.Test;

class StarKeysTest {
    private static final StructType INSTITUTIONS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("cnpj8", DataTypes.StringType, true)
            .add("name", DataTypes.StringType, true);

    /** id -> institution key, computed on a dataset of its own. */
    private static Map<String, Long> institutionKeys(Object[]... rows) {
        Dataset<Row> data = TestSpark.session().createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), INSTITUTIONS);
        return data.select(col("id"), StarKeys.institutionKey(col("cnpj8"), col("name")).as("key")).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    }

    @Test
    void sameNaturalKeyGivesTheSameKeyInDifferentDatasets() {
        Map<String, Long> first = institutionKeys(
                new Object[] {"bank", "03532415", "BANCO ABN AMRO S.A."},
                new Object[] {"caixa", null, "CAIXA ECONÔMICA FEDERAL (conglomerado)"});
        Map<String, Long> second = institutionKeys(
                new Object[] {"other", "60746948", "BRADESCO"},
                new Object[] {"caixa", null, "CAIXA ECONÔMICA FEDERAL (conglomerado)"},
                new Object[] {"bank", "03532415", "BANCO ABN AMRO S.A."});
        assertThat(second.get("bank")).isEqualTo(first.get("bank"));
        assertThat(second.get("caixa")).isEqualTo(first.get("caixa"));
        assertThat(second.get("other")).isNotIn(first.get("bank"), first.get("caixa"));
    }

    @Test
    void bankKeyDependsOnTheCnpjOnlyAndMatchesTheKeyOfTheCnpj() {
        Map<String, Long> keys = institutionKeys(
                new Object[] {"old name", "92874270", "BANCO A.J. RENNER S.A."},
                new Object[] {"new name", "92874270", "BANCO DIGIMAIS S.A."},
                new Object[] {"other cnpj", "92874271", "BANCO DIGIMAIS S.A."});
        assertThat(keys.get("old name")).isEqualTo(keys.get("new name"));
        assertThat(keys.get("other cnpj")).isNotEqualTo(keys.get("new name"));

        StructType cnpjOnly = new StructType().add("cnpj8", DataTypes.StringType, false);
        long feeKey = TestSpark.session().createDataFrame(List.of(RowFactory.create("92874270")), cnpjOnly)
                .select(StarKeys.institutionKeyOfCnpj(col("cnpj8"))).first().getLong(0);
        assertThat(feeKey).isEqualTo(keys.get("new name"));
    }

    @Test
    void conglomerateKeyIgnoresCaseSpacingAndTheConglomeradoSuffix() {
        Map<String, Long> keys = institutionKeys(
                new Object[] {"a", null, "CAIXA ECONÔMICA FEDERAL (conglomerado)"},
                new Object[] {"b", null, "Caixa Econômica Federal"},
                new Object[] {"c", null, "  caixa  econômica federal (CONGLOMERADO) "},
                new Object[] {"d", null, "CAIXA ECONÔMICA FEDERAL"},
                new Object[] {"other", null, "CAIXA ECONÔMICA ESTADUAL (conglomerado)"},
                new Object[] {"suffix inside", null, "CAIXA (conglomerado) ECONÔMICA FEDERAL"});
        assertThat(keys.get("b")).isEqualTo(keys.get("a"));
        assertThat(keys.get("c")).isEqualTo(keys.get("a"));
        assertThat(keys.get("d")).isEqualTo(keys.get("a"));
        assertThat(keys.get("other")).isNotEqualTo(keys.get("a"));
        assertThat(keys.get("suffix inside")).isNotEqualTo(keys.get("a"));
    }

    @Test
    void conglomerateAndBankKeysNeverMeet() {
        // A conglomerate whose name looks like a CNPJ is still not that bank.
        Map<String, Long> keys = institutionKeys(
                new Object[] {"bank", "00000000", "BANCO DO BRASIL S.A."},
                new Object[] {"named like the cnpj", null, "00000000"},
                new Object[] {"named like the key", null, "cnpj:00000000"});
        assertThat(keys.get("named like the cnpj")).isNotEqualTo(keys.get("bank"));
        assertThat(keys.get("named like the key")).isNotEqualTo(keys.get("bank"));
    }

    @Test
    void serviceAndCategoryKeysAreStableAndInSeparateNamespaces() {
        StructType text = new StructType().add("value", DataTypes.StringType, false);
        List<Row> one = TestSpark.session().createDataFrame(List.of(RowFactory.create("0101"), RowFactory.create("0102")), text)
                .select(col("value"), StarKeys.serviceKey(col("value")), StarKeys.categoryKey(col("value"))).collectAsList();
        List<Row> two = TestSpark.session().createDataFrame(List.of(RowFactory.create("0102")), text)
                .select(col("value"), StarKeys.serviceKey(col("value")), StarKeys.categoryKey(col("value"))).collectAsList();
        Row first0102 = one.stream().filter(r -> r.getString(0).equals("0102")).findFirst().orElseThrow();
        Row first0101 = one.stream().filter(r -> r.getString(0).equals("0101")).findFirst().orElseThrow();
        assertThat(two.get(0).getLong(1)).isEqualTo(first0102.getLong(1));
        assertThat(two.get(0).getLong(2)).isEqualTo(first0102.getLong(2));
        assertThat(first0102.getLong(1)).isNotEqualTo(first0101.getLong(1)).isNotEqualTo(first0102.getLong(2));
    }
}
