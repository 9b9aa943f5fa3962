package org.bankdata.query;

import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.bankdata.config.QuarterRange;

/**
 * The answers for a quarter range, plus the Spearman rank correlation between the number of
 * services an institution offers and its complaints (ties get average ranks), and the conglomerates ranked in the
 * range that the fee answers leave out for lack of fee data ({@link NoFeeData}).
 */
public record ChartReport(QuarterRange range, Map<ChartQuery, QueryResult> charts, Double spearman, int institutions,
        QueryResult noFeeData) {

    /** A report with no list of conglomerates without fee data. */
    public ChartReport(QuarterRange range, Map<ChartQuery, QueryResult> charts, Double spearman, int institutions) {
        this(range, charts, spearman, institutions, new QueryResult(java.util.List.of(), java.util.List.of()));
    }

    public static ChartReport of(LakeQueryEngine engine, QuarterRange range) {
        return of(engine, range, Map.of());
    }

    /** With some questions' {@link ChartParameter} set (e.g. {@code top} of the complaints trend); the others as published. */
    public static ChartReport of(LakeQueryEngine engine, QuarterRange range, Map<ChartQuery, String> parameters) {
        Map<ChartQuery, QueryResult> charts = new EnumMap<>(ChartQuery.class);
        for (ChartQuery chart : ChartQuery.values()) {
            String parameter = parameters.get(chart);
            charts.put(chart, parameter == null ? engine.chart(chart)
                    : engine.query(chart.sql(range, chart.defaultLimit(), InstitutionFilter.NONE, parameter)));
        }
        QueryResult scatter = charts.get(ChartQuery.SERVICES_VS_COMPLAINTS);
        return new ChartReport(range, charts, spearman(scatter), scatter.rows().size(),
                engine.query(NoFeeData.sql(range, InstitutionFilter.NONE)));
    }

    /** Spearman's rho of services vs total_complaints, or null with fewer than 3 institutions. */
    public static Double spearman(QueryResult scatter) {
        int services = scatter.columnIndex("services");
        int complaints = scatter.columnIndex("total_complaints");
        int n = scatter.rows().size();
        if (n < 3) {
            return null;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = ((Number) scatter.rows().get(i).get(services)).doubleValue();
            y[i] = ((Number) scatter.rows().get(i).get(complaints)).doubleValue();
        }
        double rho = new SpearmansCorrelation().correlation(x, y);
        return Double.isNaN(rho) ? null : rho;
    }
}
