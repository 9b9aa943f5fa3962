package org.bankdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
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
import java.util.stream.Stream;

/**
 * The expected answers computed straight from the bundled raw files with plain Java (split on ';',
 * Jackson for the JSON), independently of the Spark code under test.
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

    public static RawTruth load(Path complaintsDir, Path responsesDir) {
        RawTruth truth = new RawTruth();
        Charset cp1252 = Charset.forName("windows-1252");
        try (Stream<Path> files = Files.list(complaintsDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = List.of(new String(Files.readAllBytes(file), cp1252).split("\n"));
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] c = line.split(";", -1);
                    int period = Integer.parseInt(c[0].trim()) * 10 + Integer.parseInt(c[1].trim().substring(0, 1));
                    String cnpj = c[4].trim().isEmpty() ? null : String.format("%08d", Long.parseLong(c[4].trim()));
                    String name = c[5].trim();
                    String identity = cnpj != null ? "cnpj:" + cnpj
                            : "conglomerate:" + name.replace(" (conglomerado)", "").toUpperCase();
                    truth.ranking.add(new RankingRow(period, identity, cnpj, name, Long.parseLong(c[10].trim())));
                }
            }
            ObjectMapper json = new ObjectMapper();
            try (Stream<Path> responses = Files.list(responsesDir)) {
                for (Path file : responses.filter(p -> p.getFileName().toString().matches("J_\\d{8}\\.json")).toList()) {
                    String cnpj = file.getFileName().toString().substring(2, 10);
                    for (JsonNode r : json.readTree(file.toFile()).get("value")) {
                        truth.feeRecords++;
                        Map<String, Map.Entry<String, BigDecimal>> services = truth.fees.computeIfAbsent(cnpj, k -> new TreeMap<>());
                        String date = r.get("DataVigencia").asText();
                        Map.Entry<String, BigDecimal> before = services.get(r.get("CodigoServico").asText());
                        if (before == null || before.getKey().compareTo(date) < 0) {
                            services.put(r.get("CodigoServico").asText(), Map.entry(date, r.get("ValorMaximo").decimalValue()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return fees.entrySet().stream()
                .map(e -> new Ranked(names.get("cnpj:" + e.getKey()),
                        e.getValue().values().stream().filter(v -> v.getValue().signum() == 0).count()))
                .filter(r -> r.value() > 0)
                .sorted(Comparator.comparing(Ranked::value).reversed().thenComparing(Ranked::name))
                .limit(n).toList();
    }

    /** Institution name -> [services, total complaints], for institutions with both. */
    public Map<String, long[]> servicesVsComplaints() {
        Map<String, String> names = latestNames();
        Map<String, Long> complaints = complaintsByIdentity(0, 99999);
        Map<String, long[]> out = new LinkedHashMap<>();
        fees.forEach((cnpj, services) -> {
            Long total = complaints.get("cnpj:" + cnpj);
            if (!services.isEmpty() && total != null) {
                out.put(names.get("cnpj:" + cnpj), new long[] {services.size(), total});
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
