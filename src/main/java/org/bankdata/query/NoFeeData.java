package org.bankdata.query;

import java.util.Locale;
import org.bankdata.config.QuarterRange;

/**
 * The conglomerates ranked in a quarter range that have no fee data, so a reader of the fee charts knows they are
 * missing rather than absent: either their main bank's schedule is not among the fees answers (on the bundled
 * recordings: CAIXA, BB, BRADESCO, ITAU, ...), or they are not matched to the bank list and have no main bank. Ordered
 * by complaints, as in the complaints chart.
 */
public final class NoFeeData {
    private static final String SQL = """
            SELECT i.institution_key, i.name AS institution_name, CAST(SUM(f.total_complaints) AS BIGINT) AS total_complaints,
                   CASE WHEN i.fee_cnpj8 IS NULL THEN 'not matched to a prudential conglomerate of the bank list'
                        ELSE 'no fee schedule of its main bank ' || i.fee_cnpj8 || ' in the fees answers' END AS reason
            FROM fact_complaints f
            JOIN dim_institution i ON i.institution_key = f.institution_key%3$s
            WHERE f.period_key BETWEEN %1$d AND %2$d AND i.institution_type = 'conglomerate'
              AND i.institution_key NOT IN (SELECT institution_key FROM fact_service_fee)
            GROUP BY i.institution_key, i.name, i.fee_cnpj8
            ORDER BY total_complaints DESC, institution_name, i.institution_key""";

    private NoFeeData() {
    }

    /** Whether {@code chart} answers from the fee schedules (and so leaves out institutions with none). */
    public static boolean appliesTo(ChartQuery chart) {
        return chart == ChartQuery.TOP_FREE_SERVICES || chart == ChartQuery.SERVICES_VS_COMPLAINTS || chart == ChartQuery.SERVICE_FEE;
    }

    /** The conglomerates ranked in {@code range}, matching {@code filter}, that have no fee rows. */
    public static String sql(QuarterRange range, InstitutionFilter filter) {
        return String.format(Locale.ROOT, SQL, range.fromKey(), range.toKey(), filter.joinCondition("i"));
    }
}
