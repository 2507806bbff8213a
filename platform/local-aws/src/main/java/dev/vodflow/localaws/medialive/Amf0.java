package dev.vodflow.localaws.medialive;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF0 values RTMP commands are made of: numbers, booleans, strings, objects, arrays, null. Anything else in
 * a command is refused, so a malformed or hostile command ends that connection only.
 */
final class Amf0 {

    /** AMF0's undefined, distinct from null. */
    static final Object UNDEFINED = new Object();

    private Amf0() {}

    static List<Object> decodeAll(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        List<Object> values = new ArrayList<>();
        while (in.hasRemaining()) {
            values.add(decode(in));
        }
        return values;
    }

    static Object decode(ByteBuffer in) {
        int marker = in.get() & 0xff;
        return switch (marker) {
            case 0x00 -> in.getDouble();
            case 0x01 -> in.get() != 0;
            case 0x02 -> string(in, in.getShort() & 0xffff);
            case 0x03 -> properties(in);
            case 0x05 -> null;
            case 0x06 -> UNDEFINED;
            case 0x08 -> {
                in.getInt(); // the count is a hint only; the end marker ends it
                yield properties(in);
            }
            case 0x0A -> {
                int count = in.getInt();
                if (count < 0 || count > in.remaining()) {
                    throw new IllegalArgumentException("AMF0 strict array of " + count + " items is too long");
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(decode(in));
                }
                yield items;
            }
            case 0x0B -> {
                double millis = in.getDouble();
                in.getShort();
                yield millis;
            }
            case 0x0C -> string(in, in.getInt());
            default -> throw new IllegalArgumentException("unsupported AMF0 marker 0x" + Integer.toHexString(marker));
        };
    }

    private static Map<String, Object> properties(ByteBuffer in) {
        Map<String, Object> object = new LinkedHashMap<>();
        while (true) {
            String key = string(in, in.getShort() & 0xffff);
            if (key.isEmpty() && in.get(in.position()) == 0x09) {
                in.get();
                return object;
            }
            object.put(key, decode(in));
        }
    }

    private static String string(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("AMF0 string of " + length + " bytes overruns its message");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object value : values) {
            encode(out, value);
        }
        return out.toByteArray();
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        if (value == null) {
            out.write(0x05);
        } else if (value instanceof Number number) {
            out.write(0x00);
            out.writeBytes(
                    ByteBuffer.allocate(8).putDouble(number.doubleValue()).array());
        } else if (value instanceof Boolean bool) {
            out.write(0x01);
            out.write(bool ? 1 : 0);
        } else if (value instanceof String text) {
            out.write(0x02);
            writeString(out, text);
        } else if (value instanceof Map<?, ?> map) {
            out.write(0x03);
            map.forEach((key, item) -> {
                writeString(out, key.toString());
                encode(out, item);
            });
            out.writeBytes(new byte[] {0, 0, 0x09});
        } else {
            throw new IllegalArgumentException(
                    "cannot encode " + value.getClass().getSimpleName() + " as AMF0");
        }
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
