package org.bankdata.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The body of {@code POST /api/sql}: {@code {"sql": "SELECT ...", "format": "json"|"csv"}} and nothing
 * else. Jackson parses it strictly (no unknown fields, nothing after the object, no number or boolean
 * taken for text); what it refuses is told back in the user's words, with line and column, never with
 * Jackson's own message (which names Java types).
 */
record SqlRequest(String sql, String format) {
    private static final String LIKE = "request body is not a JSON object like {\"sql\": \"SELECT ...\"}";
    private static final ObjectReader READER = JsonMapper.builder()
            .withCoercionConfig(LogicalType.Textual, text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build().readerFor(SqlRequest.class);

    boolean csv() {
        return "csv".equals(format);
    }

    static SqlRequest parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest(LIKE + ": the body is empty");
        }
        try {
            SqlRequest request = READER.readValue(body);
            if (request == null || request.sql() == null) {
                throw ApiException.badRequest(LIKE + ": it has no \"sql\" field");
            }
            if (request.format() != null && !request.format().equals("json") && !request.format().equals("csv")) {
                throw ApiException.badRequest("format must be json or csv, not '" + request.format() + "'");
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field \"" + e.getPropertyName() + "\" in the request body; the fields"
                    + " are \"sql\" and \"format\"");
        } catch (MismatchedInputException e) {
            throw ApiException.badRequest(LIKE + ": " + mismatch(e) + at(e.getLocation()));
        } catch (StreamReadException e) {
            throw ApiException.badRequest(LIKE + ": " + reason(e) + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(LIKE + at(e.getLocation()));
        } catch (IOException e) {
            throw ApiException.badRequest(LIKE + ": the body could not be read");
        }
    }

    private static String mismatch(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Trailing token")) {
            return "there is more after the object; send one object only";
        }
        if (e.getPath().isEmpty()) {
            return "the body is not an object";
        }
        String field = e.getPath().get(e.getPath().size() - 1).getFieldName();
        return field == null ? "a value has the wrong type" : "\"" + field + "\" must be a string";
    }

    /** Jackson's reason without the part that names Java types or echoes the input, e.g. "Unexpected end-of-input". */
    private static String reason(StreamReadException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return "it is not valid JSON";
        }
        String first = message.lines().findFirst().orElse("").replaceAll("\\s*\\(for [^)]*\\)", "")
                .replaceAll("\\s*\\(start marker at \\[[^\\]]*\\]\\)", "")
                .replaceAll("`[^`]*`", "a value").trim();
        return "not valid JSON (" + first.replaceAll("[.:;]+$", "") + ")";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return ", at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
