package org.bankdata.quality;

import java.util.List;
import org.bankdata.quality.Check.Severity;

/** The rules every published star schema obeys: unique keys, joinable facts, reconciled totals. */
public final class StarSchemaChecks {
    private StarSchemaChecks() {
    }

    public static List<Check> all() {
        return List.of(
                Check.unique("dim_institution", "institution_key"),
                Check.notNull("dim_institution", "institution_key"),
                Check.unique("dim_institution", "cnpj8"),
                Check.acceptedValues("dim_institution", "institution_type", "bank", "conglomerate"),
                Check.acceptedValues("dim_institution", "segment", "S1", "S2", "S3", "S4", "S5"),
                Check.unique("dim_period", "period_key"),
                Check.unique("dim_category", "category_key"),
                Check.unique("dim_category", "category"),
                Check.unique("dim_service", "service_key"),
                Check.unique("dim_service", "service_code"),
                Check.unique("fact_complaints", "institution_key, period_key"),
                Check.notNull("fact_complaints", "total_complaints"),
                Check.relationship("fact_complaints", "institution_key", "dim_institution"),
                Check.relationship("fact_complaints", "period_key", "dim_period"),
                Check.relationship("fact_complaints", "category_key", "dim_category"),
                Check.unique("fact_service_fee", "institution_key, service_key, person_type, valid_from"),
                Check.notNull("fact_service_fee", "max_fee"),
                Check.notNull("fact_service_fee", "valid_from"),
                Check.relationship("fact_service_fee", "institution_key", "dim_institution"),
                Check.relationship("fact_service_fee", "service_key", "dim_service"),
                Check.acceptedValues("fact_service_fee", "fee_type", "Real", "Percentual"),
                Check.acceptedValues("fact_service_fee", "person_type", "J", "F"),
                new Check("fact_complaints reconciles with curated_complaints", Severity.ERROR, """
                        SELECT concat('rows ', f.n, ' vs ', c.n, ', complaints ', f.s, ' vs ', c.s) AS detail
                        FROM (SELECT COUNT(*) AS n, SUM(total_complaints) AS s FROM fact_complaints) f
                        CROSS JOIN (SELECT COUNT(*) AS n, SUM(total_complaints) AS s FROM curated_complaints) c
                        WHERE f.n <> c.n OR f.s <> c.s"""),
                new Check("each quarter comes from one ranking file (keep one file per quarter)", Severity.ERROR, """
                        SELECT 'quarter ' || (period_key // 10) || 'Q' || (period_key % 10) || ' is in '
                               || string_agg(DISTINCT source_file, ' and ' ORDER BY source_file) AS detail
                        FROM curated_complaints GROUP BY period_key HAVING COUNT(DISTINCT source_file) > 1"""),
                new Check("total complaints = regulated upheld + regulated other + unregulated", Severity.WARN, """
                        SELECT concat(source_file, ':', source_line) AS detail FROM curated_complaints
                        WHERE regulated_upheld IS NOT NULL AND regulated_other IS NOT NULL AND unregulated IS NOT NULL
                          AND regulated_upheld + regulated_other + unregulated <> total_complaints"""),
                new Check("chart tables hold at most 10 rows", Severity.ERROR, """
                        SELECT 'chart_top_complaints' AS detail FROM chart_top_complaints HAVING COUNT(*) > 10
                        UNION ALL
                        SELECT 'chart_top_free_services' AS detail FROM chart_top_free_services HAVING COUNT(*) > 10"""));
    }
}
