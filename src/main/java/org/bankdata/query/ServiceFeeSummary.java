package org.bankdata.query;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * What the one-service fee answer says in a line: which service, how many institutions offer it, how many of
 * them charge nothing, and who charges the most and the least (more than zero). Most and least compare fees
 * in BRL ({@code fee_type} Real) only: a percentage is not comparable with an amount.
 *
 * @param mostName  null when no institution charges an amount in BRL
 * @param leastName null when no institution charges an amount in BRL above zero
 */
public record ServiceFeeSummary(String serviceCode, String serviceName, int institutions, int free, String mostName,
        BigDecimal mostFee, String leastName, BigDecimal leastFee) {

    /** From the rows of {@link ChartQuery#SERVICE_FEE} (ordered highest fee first); null when there are none. */
    public static ServiceFeeSummary of(QueryResult rows) {
        if (rows.rows().isEmpty()) {
            return null;
        }
        int key = rows.columnIndex("institution_key");
        int name = rows.columnIndex("institution_name");
        int type = rows.columnIndex("fee_type");
        int fee = rows.columnIndex("max_fee");
        Set<Object> institutions = new HashSet<>();
        Set<Object> free = new HashSet<>();
        String mostName = null;
        BigDecimal most = null;
        String leastName = null;
        BigDecimal least = null;
        for (var row : rows.rows()) {
            institutions.add(row.get(key));
            BigDecimal value = new BigDecimal(row.get(fee).toString());
            if (value.signum() == 0) {
                free.add(row.get(key));
            }
            if (!"Real".equals(row.get(type))) {
                continue;
            }
            if (most == null || value.compareTo(most) > 0) {
                most = value;
                mostName = (String) row.get(name);
            }
            if (value.signum() > 0 && (least == null || value.compareTo(least) <= 0)) {
                least = value;
                leastName = (String) row.get(name);
            }
        }
        var first = rows.rows().get(0);
        return new ServiceFeeSummary((String) first.get(rows.columnIndex("service_code")),
                (String) first.get(rows.columnIndex("service_name")), institutions.size(), free.size(), mostName, most,
                leastName, least);
    }

    /** e.g. {@code 0101 Confecção de ficha cadastral: 60 institutions, 12 charge nothing; most BANCO X (BRL 80.00), ...}. */
    public String describe() {
        StringBuilder s = new StringBuilder(serviceCode + " " + (serviceName == null ? "" : serviceName) + ": " + institutions
                + " institution(s) offer it, " + free + " charge nothing");
        if (mostName != null) {
            s.append("; most: ").append(mostName).append(" (BRL ").append(mostFee.toPlainString()).append(')');
        }
        if (leastName != null) {
            s.append("; least above zero: ").append(leastName).append(" (BRL ").append(leastFee.toPlainString()).append(')');
        }
        return s.toString();
    }
}
