package dev.vodflow.localaws.cloudfront;

import java.util.regex.Pattern;

/**
 * The {@code Resource} of a policy statement: {@code *} matches any run of characters (including none and
 * including {@code /}), {@code ?} exactly one character, everything else itself, case-sensitively.
 */
final class ResourcePattern {

    private final Pattern regex;

    private ResourcePattern(Pattern regex) {
        this.regex = regex;
    }

    static ResourcePattern of(String resource) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : resource.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new ResourcePattern(Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String url) {
        return regex.matcher(url).matches();
    }
}
