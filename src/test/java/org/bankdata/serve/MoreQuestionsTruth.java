package org.bankdata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawTruth;

/**
 * The expected answers of the complaints trend, the complaint-index ranking, one service's fees and an
 * institution's quarters, computed in plain Java from the bundled raw files ({@link RawBcbFiles}), not with the
 * SQL under test.
 */
final class MoreQuestionsTruth {
    /** One point of the trend: institution name, quarter key, complaints. */
    record Point(String name, int periodKey, long complaints) {
    }

    /** One row of the index ranking. */
    record IndexRow(String name, BigDecimal index, int rank) {
    }

    /** The latest fee of one service at one institution. */
    record Fee(String name, BigDecimal fee, String type) {
    }

    /** One quarter of one institution: complaints and its rank in its category (null when the BCB gives no index). */
    record Quarter(int periodKey, long upheld, long total, BigDecimal index, Integer rank, int rankedInCategory) {
    }

    final RawTruth raw = RawTruth.load();
    final Map<String, String> names = raw.latestNames();
    private final List<RawBcbFiles.RankingLine> lines = RawBcbFiles.allRankingLines();
    /** service code -> cnpj8 -> latest (date, fee, type). */
    private final Map<String, Map<String, String[]>> fees = new TreeMap<>();

    MoreQuestionsTruth() {
        for (Path file : RawBcbFiles.feeResponseFiles()) {
            String cnpj = RawBcbFiles.feeFileCnpj8(file);
            for (JsonNode r : RawBcbFiles.feeRecords(file)) {
                String date = r.get("DataVigencia").asText();
                Map<String, String[]> byCnpj = fees.computeIfAbsent(r.get("CodigoServico").asText(), k -> new TreeMap<>());
                String[] before = byCnpj.get(cnpj);
                if (before == null || before[0].compareTo(date) < 0) {
                    byCnpj.put(cnpj, new String[] {date, r.get("ValorMaximo").decimalValue().toPlainString(),
                            r.get("TipoValor").asText()});
                }
            }
        }
    }

    static String identity(RawBcbFiles.RankingLine line) {
        return line.cnpj8() != null ? "cnpj:" + line.cnpj8()
                : "conglomerate:" + line.name().replace(" (conglomerado)", "").toUpperCase();
    }

    /** The complaints per quarter of the {@code n} institutions with the most over [from, to], by rank then quarter. */
    List<Point> trend(int from, int to, int n) {
        List<RawTruth.Ranked> top = new ArrayList<>();
        Map<String, String> identityByName = new HashMap<>();
        raw.complaintsByIdentity(from, to).forEach((id, total) -> {
            top.add(new RawTruth.Ranked(names.get(id), total));
            identityByName.put(names.get(id), id);
        });
        top.sort(Comparator.comparing(RawTruth.Ranked::value).reversed().thenComparing(RawTruth.Ranked::name));
        List<Point> points = new ArrayList<>();
        for (RawTruth.Ranked r : top.subList(0, Math.min(n, top.size()))) {
            String id = identityByName.get(r.name());
            lines.stream().filter(l -> identity(l).equals(id) && l.periodKey() >= from && l.periodKey() <= to)
                    .sorted(Comparator.comparingInt(RawBcbFiles.RankingLine::periodKey))
                    .forEach(l -> points.add(new Point(r.name(), l.periodKey(), l.total())));
        }
        return points;
    }

    /** The index ranking of the latest quarter in [from, to]: indexed institutions with at least {@code minClients}. */
    List<IndexRow> indexRanking(int from, int to, long minClients) {
        int latest = lines.stream().mapToInt(RawBcbFiles.RankingLine::periodKey).filter(k -> k >= from && k <= to).max()
                .orElseThrow();
        List<RawBcbFiles.RankingLine> ranked = lines.stream()
                .filter(l -> l.periodKey() == latest && l.complaintIndex() != null && l.count(11) >= minClients)
                .sorted(Comparator.comparing(RawBcbFiles.RankingLine::complaintIndex).reversed()
                        .thenComparing(l -> names.get(identity(l))))
                .toList();
        List<IndexRow> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            BigDecimal index = ranked.get(i).complaintIndex();
            int rank = i + 1;
            while (rank > 1 && ranked.get(rank - 2).complaintIndex().compareTo(index) == 0) {
                rank--;
            }
            rows.add(new IndexRow(names.get(identity(ranked.get(i))), index, rank));
        }
        return rows;
    }

    /**
     * Identity -> the CNPJ whose schedule stands for it in the fee charts over [from, to]: every institution ranked
     * there with a CNPJ, and a conglomerate ranked there whose main bank ({@link RawTruth#CONGLOMERATE_MAIN_BANKS},
     * read off the bank list by hand) has a schedule; a main bank is then represented by its conglomerate, not counted
     * a second time.
     */
    Map<String, String> feeHolders(int from, int to) {
        Set<String> ranked = new HashSet<>();
        lines.stream().filter(l -> l.periodKey() >= from && l.periodKey() <= to).forEach(l -> ranked.add(identity(l)));
        Map<String, String> holders = new TreeMap<>();
        ranked.stream().filter(id -> id.startsWith("cnpj:")).forEach(id -> holders.put(id, id.substring("cnpj:".length())));
        RawTruth.CONGLOMERATE_MAIN_BANKS.forEach((conglomerate, cnpj) -> {
            if (ranked.contains(conglomerate)) {
                holders.remove("cnpj:" + cnpj);
                holders.put(conglomerate, cnpj);
            }
        });
        return holders;
    }

    /** The service the most fee schedules of the ranking have a fee for, each schedule counted once (lowest code on a tie). */
    String mostOfferedService() {
        java.util.Collection<String> schedules = feeHolders(0, 99999).values();
        return fees.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Map<String, String[]>>>comparingLong(
                                e -> schedules.stream().filter(e.getValue()::containsKey).count())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }

    /** The latest fee of {@code code} at each institution ranked in [from, to] that has one (its main bank's for a conglomerate). */
    List<Fee> serviceFees(String code, int from, int to) {
        List<Fee> out = new ArrayList<>();
        Map<String, String[]> byCnpj = fees.getOrDefault(code, Map.of());
        feeHolders(from, to).forEach((identity, cnpj) -> {
            String[] f = byCnpj.get(cnpj);
            if (f != null) {
                out.add(new Fee(names.get(identity), new BigDecimal(f[1]).setScale(2), f[2]));
            }
        });
        return out;
    }

    /** The quarters of the institution named {@code name} (its latest name), oldest first. */
    List<Quarter> quarters(String name) {
        List<Quarter> out = new ArrayList<>();
        lines.stream().filter(l -> name.equals(names.get(identity(l))))
                .sorted(Comparator.comparingInt(RawBcbFiles.RankingLine::periodKey)).forEach(l -> {
                    List<RawBcbFiles.RankingLine> category = lines.stream().filter(o -> o.periodKey() == l.periodKey()
                            && o.category().equals(l.category()) && o.complaintIndex() != null).toList();
                    Integer rank = l.complaintIndex() == null ? null : 1 + (int) category.stream()
                            .filter(o -> o.complaintIndex().compareTo(l.complaintIndex()) > 0).count();
                    out.add(new Quarter(l.periodKey(), l.count(7), l.total(), l.complaintIndex(), rank,
                            l.complaintIndex() == null ? 0 : category.size()));
                });
        return out;
    }

    /** cnpj8 -> service code -> latest fee, for one institution's schedule. */
    Map<String, BigDecimal> schedule(String cnpj8) {
        Map<String, BigDecimal> out = new TreeMap<>();
        fees.forEach((code, byCnpj) -> {
            String[] f = byCnpj.get(cnpj8);
            if (f != null) {
                out.put(code, new BigDecimal(f[1]).setScale(2));
            }
        });
        return out;
    }

    /** The names the institution with CNPJ root {@code cnpj8} was published under, as "NAME FIRST-LAST" runs of quarters. */
    List<String> nameRuns(String cnpj8) {
        List<String> runs = new ArrayList<>();
        String name = null;
        String first = null;
        String last = null;
        for (RawBcbFiles.RankingLine l : lines.stream().filter(l -> cnpj8.equals(l.cnpj8()))
                .sorted(Comparator.comparingInt(RawBcbFiles.RankingLine::periodKey)).toList()) {
            String quarter = l.periodKey() / 10 + "Q" + l.periodKey() % 10;
            if (!l.name().equals(name)) {
                if (name != null) {
                    runs.add(name + " " + first + "-" + last);
                }
                name = l.name();
                first = quarter;
            }
            last = quarter;
        }
        if (name != null) {
            runs.add(name + " " + first + "-" + last);
        }
        return runs;
    }
}
