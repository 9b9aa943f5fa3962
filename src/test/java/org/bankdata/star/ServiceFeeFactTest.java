package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.RawBcbFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceFeeFactTest {
    private static Dataset<Row> fees;
    /** The fact of the bundled inputs, built once and cached: three tests read it. */
    private static Dataset<Row> fact;
    private static long rawRecords;
    private static long rawDistinctRecords;

    @BeforeAll
    static void load() {
        fees = CuratedInputs.fees();
        fact = ServiceFeeFact.build(fees, CuratedInputs.complaints(), CuratedInputs.conformed()).cache();
        Set<List<String>> distinct = new HashSet<>();
        for (Path file : RawBcbFiles.feeResponseFiles()) {
            for (JsonNode r : RawBcbFiles.feeRecords(file)) {
                rawRecords++;
                distinct.add(List.of(RawBcbFiles.feeFileCnpj8(file), r.get("CodigoServico").asText(), r.get("DataVigencia").asText(),
                        r.get("ValorMaximo").decimalValue().toPlainString(), r.get("TipoValor").asText(),
                        r.get("Periodicidade").asText(), r.get("Unidade").asText()));
            }
        }
        rawDistinctRecords = distinct.size();
    }

    @Test
    void curatedInputHoldsEveryRecordOfTheBundledResponses() {
        assertThat(RawBcbFiles.feeResponseFiles()).hasSize(88);
        assertThat(rawRecords).isEqualTo(1837);
        assertThat(fees.count()).isEqualTo(rawRecords);
    }

    @Test
    void oneFactRowPerDistinctRecordAndACopyForEachConglomerateWhoseMainBankIsRecorded() {
        Dataset<Row> own = fact.where(col("institution_key").equalTo(xxhash64(concat(lit("cnpj:"), col("fee_cnpj8")))));
        assertThat(own.count()).isEqualTo(rawDistinctRecords);
        // By hand from the two BCB files: of the conglomerates matched to a "- PRUDENCIAL" row, three have a leader
        // among the bundled recordings: OURINVEST (78632767), SOCOPA (61820817), BANCO TOYOTA DO BRASIL S.A. (03215790).
        long copies = distinctRecordsOf("78632767") + distinctRecordsOf("61820817") + distinctRecordsOf("03215790");
        assertThat(copies).isEqualTo(46 + 53 + 5);
        assertThat(fact.count() - own.count()).isEqualTo(copies);
        assertThat(fact.except(own).select("fee_cnpj8").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("78632767", "61820817", "03215790");
    }

    private static long distinctRecordsOf(String cnpj8) {
        Set<List<String>> distinct = new HashSet<>();
        for (Path file : RawBcbFiles.feeResponseFiles()) {
            if (RawBcbFiles.feeFileCnpj8(file).equals(cnpj8)) {
                for (JsonNode r : RawBcbFiles.feeRecords(file)) {
                    distinct.add(List.of(r.get("CodigoServico").asText(), r.get("DataVigencia").asText(),
                            r.get("ValorMaximo").decimalValue().toPlainString(), r.get("TipoValor").asText(),
                            r.get("Periodicidade").asText(), r.get("Unidade").asText()));
                }
            }
        }
        return distinct.size();
    }

    @Test
    void exactDuplicatesAreDroppedButDifferingRecordsKept() {
        Dataset<Row> someRows = fees.limit(40);
        // The same records landed again on another page: exact duplicates of the fact columns.
        Dataset<Row> repeated = someRows.withColumn("page_file", lit("J_00000000_skip-000100.json"))
                .withColumn("record_index", col("record_index").plus(100));
        long base = fact.count();
        assertThat(ServiceFeeFact.build(fees.unionByName(repeated), CuratedInputs.complaints(), CuratedInputs.conformed()).count())
                .isEqualTo(base);
        // Same institution, service and date but another fee: kept for the check step to report.
        Dataset<Row> changed = someRows.where(col("cnpj8").isin("78632767", "61820817", "03215790").unary_$bang()).limit(1)
                .withColumn("max_fee", col("max_fee").plus(1).cast("decimal(18,2)"));
        assertThat(ServiceFeeFact.build(fees.unionByName(changed), CuratedInputs.complaints(), CuratedInputs.conformed()).count())
                .isEqualTo(base + 1);
    }

    @Test
    void everyFactJoinsInstitutionAndServiceDimensions() {
        Set<String> rankingCnpjs = RawBcbFiles.allRankingLines().stream().map(RawBcbFiles.RankingLine::cnpj8)
                .filter(c -> c != null).collect(Collectors.toSet());
        Set<String> feeCnpjs = RawBcbFiles.feeResponseFiles().stream().filter(f -> !RawBcbFiles.feeRecords(f).isEmpty())
                .map(RawBcbFiles::feeFileCnpj8).collect(Collectors.toSet());
        assertThat(rankingCnpjs).containsAll(feeCnpjs);

        Dataset<Row> institutions = InstitutionDimension.build(CuratedInputs.complaints(), CuratedInputs.bankList(), CuratedInputs.conformed());
        Dataset<Row> services = ServiceDimension.build(fees);
        assertThat(fact.join(institutions, fact.col("institution_key").equalTo(institutions.col("institution_key")), "left_anti").count()).isZero();
        assertThat(fact.join(services, fact.col("service_key").equalTo(services.col("service_key")), "left_anti").count()).isZero();
        assertThat(fact.select("fee_cnpj8").distinct().count()).isEqualTo(feeCnpjs.size());
    }
}
