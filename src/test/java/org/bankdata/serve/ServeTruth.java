package org.bankdata.serve;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawTruth;

/** Expected dashboard answers with the type and segment filters, from the raw files (see {@link RawTruth}). */
final class ServeTruth {
    final RawTruth raw = RawTruth.load();
    final Map<String, String> segmentByCnpj8 = new HashMap<>();
    /**
     * The segment of each ranking conglomerate matched to the bank list, worked out with a separate script from the two
     * raw files: the "X - PRUDENCIAL" row of the same name (accents, case and punctuation ignored), else the one the
     * alias file names (BB → BANCO DO BRASIL, ...). 56 of the 87 conglomerates.
     */
    static final Map<String, String> CONGLOMERATE_SEGMENTS = Map.ofEntries(
            Map.entry("ABC-BRASIL", "S3"),
            Map.entry("ALFA", "S3"),
            Map.entry("ANDBANK", "S4"),
            Map.entry("BANCO SICOOB", "S3"),
            Map.entry("BANCO TOYOTA DO BRASIL S.A.", "S4"),
            Map.entry("BANCOOB", "S3"),
            Map.entry("BANESTES", "S3"),
            Map.entry("BANRISUL", "S2"),
            Map.entry("BB", "S1"),
            Map.entry("BMG", "S3"),
            Map.entry("BNP PARIBAS", "S3"),
            Map.entry("BNY MELLON", "S4"),
            Map.entry("BOFA MERRILL LYNCH", "S3"),
            Map.entry("BRADESCO", "S1"),
            Map.entry("BRB", "S3"),
            Map.entry("BTG PACTUAL", "S1"),
            Map.entry("BTG PACTUAL/BANCO PAN", "S1"),
            Map.entry("CAIXA ECONÔMICA FEDERAL", "S1"),
            Map.entry("CCB", "S3"),
            Map.entry("CITIBANK", "S2"),
            Map.entry("CREDIT SUISSE", "S2"),
            Map.entry("DAYCOVAL", "S3"),
            Map.entry("FATOR", "S4"),
            Map.entry("GENIAL", "S4"),
            Map.entry("GM", "S3"),
            Map.entry("GRUPO BONSUCESSO - BS2", "S4"),
            Map.entry("HONDA", "S4"),
            Map.entry("INDUSTRIAL DO BRASIL", "S4"),
            Map.entry("INDUSVAL", "S4"),
            Map.entry("INTER", "S4"),
            Map.entry("ITAU", "S1"),
            Map.entry("JP MORGAN CHASE", "S3"),
            Map.entry("MERCANTIL DO BRASIL", "S3"),
            Map.entry("MERCEDES-BENZ", "S3"),
            Map.entry("MODAL", "S4"),
            Map.entry("MÁXIMA", "S4"),
            Map.entry("ORIGINAL", "S3"),
            Map.entry("OURINVEST", "S4"),
            Map.entry("PINE", "S3"),
            Map.entry("PLURAL", "S4"),
            Map.entry("RENDIMENTO", "S4"),
            Map.entry("RODOBENS", "S4"),
            Map.entry("SAFRA", "S2"),
            Map.entry("SANTANDER", "S1"),
            Map.entry("SCANIA", "S4"),
            Map.entry("SICREDI", "S3"),
            Map.entry("SOCIETE GENERALE", "S3"),
            Map.entry("SOCOPA", "S4"),
            Map.entry("SOFISA", "S4"),
            Map.entry("UBS", "S4"),
            Map.entry("VOLKSWAGEN", "S3"),
            Map.entry("VOLVO", "S4"),
            Map.entry("VOTORANTIM", "S2"),
            Map.entry("VR", "S4"),
            Map.entry("WESTERN UNION", "S4"),
            Map.entry("YAMAHA MOTOR", "S4"));

    ServeTruth() {
        for (RawBcbFiles.BankLine line : RawBcbFiles.bankLines()) {
            segmentByCnpj8.put(line.cnpj8(), line.segment().trim());
        }
    }

    /** Top n by complaints over [fromKey, toKey] among identities accepted by {@code keep}. */
    List<RawTruth.Ranked> topComplaints(int fromKey, int toKey, int n, Predicate<String> keep) {
        Map<String, String> names = raw.latestNames();
        return raw.complaintsByIdentity(fromKey, toKey).entrySet().stream()
                .filter(e -> keep.test(e.getKey()))
                .map(e -> new RawTruth.Ranked(names.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(RawTruth.Ranked::value).reversed().thenComparing(RawTruth.Ranked::name))
                .limit(n).toList();
    }

    Predicate<String> segment(String segment) {
        return identity -> identity.startsWith("cnpj:") ? segment.equals(segmentByCnpj8.get(identity.substring(5)))
                : segment.equals(CONGLOMERATE_SEGMENTS.get(identity.substring("conglomerate:".length())));
    }

    static Predicate<String> banks() {
        return identity -> identity.startsWith("cnpj:");
    }

    static Predicate<String> conglomerates() {
        return identity -> identity.startsWith("conglomerate:");
    }
}
