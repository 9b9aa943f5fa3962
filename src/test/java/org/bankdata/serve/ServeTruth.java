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
        return identity -> identity.startsWith("cnpj:") && segment.equals(segmentByCnpj8.get(identity.substring(5)));
    }

    static Predicate<String> banks() {
        return identity -> identity.startsWith("cnpj:");
    }

    static Predicate<String> conglomerates() {
        return identity -> identity.startsWith("conglomerate:");
    }
}
