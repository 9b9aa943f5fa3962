package org.bankdata.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.UsageException;
import org.bankdata.query.InstitutionProfile;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.QueryResult;

/**
 * {@code bankdata report --institution NAME}: finds the institution by name (accents, case and spacing ignored)
 * and prints what its dashboard page shows. Several matches list the candidates and are a usage error (be more
 * specific), as is no match; a name that is exactly one candidate's is taken even when others contain it.
 */
final class InstitutionReport {
    private InstitutionReport() {
    }

    static void print(LakeQueryEngine engine, String name, OutputFormat format, PrintWriter out, PrintWriter err) {
        QueryResult matches = engine.query(InstitutionProfile.searchSql(name));
        if (matches.rows().isEmpty()) {
            throw new UsageException("no institution's name contains '" + name + "' (accents and case ignored); try part of"
                    + " the name, e.g. --institution itau, or list them with `bankdata query \"SELECT name FROM dim_institution\"`");
        }
        Integer chosen = InstitutionProfile.chosen(matches, name);
        if (chosen == null) {
            String count = matches.rows().size() == InstitutionProfile.SEARCH_LIMIT ? "at least " + matches.rows().size()
                    : String.valueOf(matches.rows().size());
            err.println(count + " institutions match '" + name + "':");
            err.print(ResultPrinter.table(new QueryResult(List.of("name", "institution_type", "cnpj8"), matches.rows().stream()
                    .map(r -> List.of(r.get(1), r.get(2), r.get(4) == null ? "" : r.get(4))).toList())));
            err.flush();
            throw new UsageException(count + " institutions match '" + name + "'; be more specific (e.g. the"
                    + " whole name as listed, or the CNPJ root)");
        }
        long key = ((Number) matches.rows().get(chosen).get(0)).longValue();
        InstitutionProfile profile = InstitutionProfile.read(engine::query, key);
        switch (format) {
            case table -> table(profile, out);
            case csv -> {
                section(out, "institution", profile.institution());
                section(out, "names", profile.names());
                section(out, "quarters", profile.quarters());
                section(out, "fees", profile.fees());
                section(out, "free_services", profile.freeServices());
            }
            case json -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("institution", ResultPrinter.asObjects(profile.institution()).get(0));
                json.put("names", ResultPrinter.asObjects(profile.names()));
                json.put("quarters", ResultPrinter.asObjects(profile.quarters()));
                json.put("fees", ResultPrinter.asObjects(profile.fees()));
                json.put("fee_note", profile.feeNote());
                json.put("free_services", ResultPrinter.asObjects(profile.freeServices()));
                try {
                    out.println(ResultPrinter.JSON.writeValueAsString(json));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        out.flush();
    }

    private static void table(InstitutionProfile profile, PrintWriter out) {
        out.println(profile.value("name"));
        out.println("type: " + profile.value("institution_type") + " · segment: " + orNone(profile.value("segment"))
                + " · CNPJ root: " + orNone(profile.value("cnpj8")) + leader(profile) + " · key: "
                + profile.value("institution_key"));
        if (profile.renamed()) {
            out.println();
            out.println("Names over the quarters");
            out.print(ResultPrinter.table(profile.names()));
        }
        out.println();
        out.println("Complaints per quarter, complaint index (regulated upheld per million clients) and rank in its ranking"
                + " category");
        out.print(ResultPrinter.table(profile.quarters()));
        out.println();
        out.println("Current fee schedule (latest valid_from per service and person type)");
        if (profile.feeNote() != null) {
            out.println(profile.feeNote());
        }
        if (!profile.fees().rows().isEmpty()) {
            out.print(ResultPrinter.table(profile.fees()));
        }
        out.println();
        QueryResult free = profile.freeServices();
        out.println("Services offered free: " + free.rows().size());
        free.rows().forEach(r -> out.println("  " + r.get(0) + "  " + r.get(1)));
    }

    private static void section(PrintWriter out, String name, QueryResult result) {
        out.println("# " + name);
        out.print(ResultPrinter.csv(result));
        out.println();
    }

    /** " · leader CNPJ root: 00360305" for a conglomerate matched to the bank list, else nothing. */
    private static String leader(InstitutionProfile profile) {
        Object leader = profile.value("leader_cnpj8");
        return leader == null ? "" : " · leader CNPJ root: " + leader;
    }

    private static Object orNone(Object v) {
        return v == null ? "none" : v;
    }
}
