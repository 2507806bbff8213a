package dev.vodflow.transcode.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorts MediaConvert error codes into service faults (worth another job) and everything else. Input errors
 * (the 1000 class: no parser for the container, no media, unsupported codec, access denied) fail the same way
 * every time, so they are never retried.
 */
final class ErrorCodes {

    private final List<long[]> serviceFaults = new ArrayList<>();

    /** @param serviceFaultCodes for example {@code 1500-1599,1999,3400-3999} */
    ErrorCodes(String serviceFaultCodes) {
        for (String part : serviceFaultCodes.split(",")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] bounds = trimmed.split("-", 2);
            long low = Long.parseLong(bounds[0].strip());
            long high = bounds.length == 2 ? Long.parseLong(bounds[1].strip()) : low;
            serviceFaults.add(new long[] {low, high});
        }
    }

    boolean isServiceFault(String code) {
        if (code == null) {
            return false;
        }
        long value;
        try {
            value = Long.parseLong(code.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        return serviceFaults.stream().anyMatch(range -> value >= range[0] && value <= range[1]);
    }

    static boolean isInputError(String code) {
        return code != null && code.strip().matches("1[0-4]\\d\\d");
    }

    /** A message the uploader can act on, with MediaConvert's own words kept for support. */
    static String explain(String code, String mediaConvertMessage) {
        String detail =
                mediaConvertMessage == null || mediaConvertMessage.isBlank() ? "" : " (" + mediaConvertMessage + ")";
        if (code != null && code.strip().matches("10\\d\\d")) {
            return "The file could not be read as video or audio; check that it plays and upload it again" + detail;
        }
        if (isInputError(code)) {
            return "The source file could not be used for transcoding" + detail;
        }
        return "Transcoding failed on the service side; it can be retried" + detail;
    }
}
