package io.zmq4j.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java names for zproto names: {@code zproto_example} becomes the class {@code ZprotoExample},
 * the message {@code "OHAI OK"} the class {@code OhaiOk}, the field {@code "public key"} the
 * accessor {@code publicKey()}, the define {@code "FILE CREATE"} the constant {@code FILE_CREATE}.
 */
public final class Names {
    private Names() {}

    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.trim().split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String cap(String w) {
        String lower = w.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** UpperCamelCase: a type name. */
    public static String typeName(String s) {
        StringBuilder sb = new StringBuilder();
        for (String w : words(s)) {
            sb.append(cap(w));
        }
        return safe(sb.toString(), "T");
    }

    /** lowerCamelCase: a field, accessor or builder method name. */
    public static String memberName(String s) {
        StringBuilder sb = new StringBuilder();
        for (String w : words(s)) {
            sb.append(sb.length() == 0 ? w.toLowerCase(Locale.ROOT) : cap(w));
        }
        return safe(sb.toString(), "f");
    }

    /** UPPER_SNAKE: a constant name. */
    public static String constantName(String s) {
        return safe(String.join("_", words(s)).toUpperCase(Locale.ROOT), "C");
    }

    private static String safe(String name, String prefix) {
        if (name.isEmpty()) {
            return prefix;
        }
        if (!Character.isJavaIdentifierStart(name.charAt(0))) {
            name = prefix + name;
        }
        if (SourceVersion.isKeyword(name) || name.equals("_")) {
            name = name + "_";
        }
        return name;
    }

    /** {@code name}, or {@code name + suffix} when it is in {@code taken}. */
    static String avoid(String name, Set<String> taken, String suffix) {
        return taken.contains(name) ? name + suffix : name;
    }
}
