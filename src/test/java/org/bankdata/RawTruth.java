package org.bankdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The expected answers computed from the bundled raw files as {@link RawBcbFiles} reads them (plain
 * Java: split on ';', Jackson for the JSON), independently of the Spark code under test.
 */
public final class RawTruth {
    /** One ranking row: quarter key, identity, name, total complaints. */
    public record RankingRow(int periodKey, String identity, String cnpj8, String name, long total) {
    }

    public record Ranked(String name, long value) {
    }

    public final List<RankingRow> ranking = new ArrayList<>();
    /** cnpj8 -> service code -> (latest valid-from, fee). */
    public final Map<String, Map<String, Map.Entry<String, BigDecimal>>> fees = new TreeMap<>();
    public int feeRecords;

    /**
     * Conglomerates whose main bank's fee schedule is among the bundled recordings, read off the bank list by hand: the
     * leader CNPJ of their "X - PRUDENCIAL" row. Their fee rows are that bank's; the bank itself, ranked too, is
     * represented by the conglomerate in the fee charts (over the whole range, where the conglomerate is ranked).
     */
    public static final Map<String, String> CONGLOMERATE_MAIN_BANKS = Map.of(
            "conglomerate:OURINVEST", "78632767",
            "conglomerate:SOCOPA", "61820817",
            "conglomerate:BANCO TOYOTA DO BRASIL S.A.", "03215790");

    /** Identity -> the CNPJ whose fee schedule it shows in the fee charts over the whole range. */
    public Map<String, String> feeHolders() {
        Set<String> ranked = ranking.stream().map(RankingRow::identity).collect(java.util.stream.Collectors.toSet());
        Map<String, String> holders = new TreeMap<>();
        fees.keySet().forEach(cnpj -> holders.put("cnpj:" + cnpj, cnpj));
        CONGLOMERATE_MAIN_BANKS.forEach((conglomerate, cnpj) -> {
            if (ranked.contains(conglomerate) && fees.containsKey(cnpj)) {
                holders.remove("cnpj:" + cnpj);
                holders.put(conglomerate, cnpj);
            }
        });
        return holders;
    }

    /** Reads the bundled files through {@link RawBcbFiles} (plain Java, no project code). */
    public static RawTruth load() {
        RawTruth truth = new RawTruth();
        for (RawBcbFiles.RankingLine line : RawBcbFiles.allRankingLines()) {
            String cnpj = line.cnpj8();
            String identity = cnpj != null ? "cnpj:" + cnpj
                    : "conglomerate:" + line.name().replace(" (conglomerado)", "").toUpperCase();
            truth.ranking.add(new RankingRow(line.periodKey(), identity, cnpj, line.name(), line.total()));
        }
        for (Path file : RawBcbFiles.feeResponseFiles()) {
            Map<String, Map.Entry<String, BigDecimal>> services =
                    truth.fees.computeIfAbsent(RawBcbFiles.feeFileCnpj8(file), k -> new TreeMap<>());
            for (JsonNode r : RawBcbFiles.feeRecords(file)) {
                truth.feeRecords++;
                String date = r.get("DataVigencia").asText();
                Map.Entry<String, BigDecimal> before = services.get(r.get("CodigoServico").asText());
                if (before == null || before.getKey().compareTo(date) < 0) {
                    services.put(r.get("CodigoServico").asText(), Map.entry(date, r.get("ValorMaximo").decimalValue()));
                }
            }
        }
        return truth;
    }

    /** Name of each institution in the latest quarter it appears in. */
    public Map<String, String> latestNames() {
        Map<String, RankingRow> latest = new HashMap<>();
        for (RankingRow row : ranking) {
            latest.merge(row.identity(), row, (a, b) -> b.periodKey() > a.periodKey() ? b : a);
        }
        Map<String, String> names = new HashMap<>();
        latest.forEach((k, v) -> names.put(k, v.name()));
        return names;
    }

    public Map<String, Long> complaintsByIdentity(int fromKey, int toKey) {
        Map<String, Long> totals = new HashMap<>();
        ranking.stream().filter(r -> r.periodKey() >= fromKey && r.periodKey() <= toKey)
                .forEach(r -> totals.merge(r.identity(), r.total(), Long::sum));
        return totals;
    }

    public List<Ranked> topComplaints(int fromKey, int toKey, int n) {
        Map<String, String> names = latestNames();
        return complaintsByIdentity(fromKey, toKey).entrySet().stream()
                .map(e -> new Ranked(names.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(Ranked::value).reversed().thenComparing(Ranked::name))
                .limit(n).toList();
    }

    public List<Ranked> topFreeServices(int n) {
        Map<String, String> names = latestNames();
        return feeHolders().entrySet().stream()
                .map(e -> new Ranked(names.get(e.getKey()),
                        fees.get(e.getValue()).values().stream().filter(v -> v.getValue().signum() == 0).count()))
                .filter(r -> r.value() > 0)
                .sorted(Comparator.comparing(Ranked::value).reversed().thenComparing(Ranked::name))
                .limit(n).toList();
    }

    /** Institution name -> [services, total complaints], for institutions with both. */
    public Map<String, long[]> servicesVsComplaints() {
        Map<String, String> names = latestNames();
        Map<String, Long> complaints = complaintsByIdentity(0, 99999);
        Map<String, long[]> out = new LinkedHashMap<>();
        feeHolders().forEach((identity, cnpj) -> {
            Map<String, Map.Entry<String, BigDecimal>> services = fees.get(cnpj);
            Long total = complaints.get(identity);
            if (!services.isEmpty() && total != null) {
                out.put(names.get(identity), new long[] {services.size(), total});
            }
        });
        return out;
    }

    public Set<String> distinctServiceCodes() {
        Set<String> codes = new TreeSet<>();
        fees.values().forEach(s -> codes.addAll(s.keySet()));
        return codes;
    }

    public long institutions() {
        return ranking.stream().map(RankingRow::identity).distinct().count();
    }

    /** Spearman's rho with average ranks for ties, computed from scratch. */
    public static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = mean(rx);
        double my = mean(ry);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) {
                    less++;
                } else if (w == v[i]) {
                    equal++;
                }
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
