package dev.vodflow.localaws.mediaconvert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ELF shared library (64-bit, little-endian) that defines a name and symbol versions and nothing else: no code,
 * no symbols. The bundled FFmpeg's {@code libavdevice} links system libraries for capture and playback devices
 * (PulseAudio's {@code libpulse.so.0} above all) that a machine with only a JDK may lack; the dynamic loader refuses
 * to start a program whose library is missing, even though the emulator never opens such a device. Every call
 * into those libraries is bound lazily (on first call), so a library of that name that merely exists lets FFmpeg
 * start; one that also defines the versions FFmpeg asks for keeps the loader from warning on every start. A call
 * into it (a {@code pulse} device) would end FFmpeg with "symbol lookup error", which names the library.
 */
final class EmptySharedLibrary {

    private static final int HEADER = 64;
    private static final int PROGRAM_HEADER = 56;
    private static final int PROGRAM_HEADERS = 3;
    private static final int SYMBOL = 24;
    private static final int DYNAMIC_ENTRY = 16;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_GNU_STACK = 0x6474e551;
    private static final int PF_R = 4;
    private static final int PF_W = 2;

    private static final long DT_NULL = 0;
    private static final long DT_HASH = 4;
    private static final long DT_STRTAB = 5;
    private static final long DT_SYMTAB = 6;
    private static final long DT_STRSZ = 10;
    private static final long DT_SYMENT = 11;
    private static final long DT_SONAME = 14;
    private static final long DT_VERSYM = 0x6ffffff0L;
    private static final long DT_VERDEF = 0x6ffffffcL;
    private static final long DT_VERDEFNUM = 0x6ffffffdL;

    private static final int VERDEF = 20;
    private static final int VERDAUX = 8;
    private static final int VER_FLG_BASE = 1;

    private EmptySharedLibrary() {}

    /**
     * The library's bytes.
     *
     * @param machine the ELF machine ({@code e_machine}) of the programs that load it, as read from one of them
     * @param soname the name programs link it by, e.g. {@code libpulse.so.0}
     * @param versions the symbol versions they require of it, e.g. {@code PULSE_0}; may be empty
     */
    static byte[] of(int machine, String soname, List<String> versions) {
        // string table: "\0" soname "\0" version... "\0"
        Map<String, Integer> names = new LinkedHashMap<>();
        StringBuilder strings = new StringBuilder("\0");
        List<String> all = new ArrayList<>();
        all.add(soname);
        all.addAll(versions);
        for (String name : all) {
            if (!names.containsKey(name)) {
                names.put(name, strings.length());
                strings.append(name).append('\0');
            }
        }
        byte[] strtab = strings.toString().getBytes(StandardCharsets.US_ASCII);

        int symtab = HEADER + PROGRAM_HEADER * PROGRAM_HEADERS; // one null symbol
        int versym = symtab + SYMBOL; // one half-word, padded
        int hash = align(versym + 2, 8); // nbucket 1, nchain 1, bucket 0, chain 0
        int verdef = hash + 16;
        int verdefs = all.size(); // the base entry (the file) and one per version
        int strOffset = verdef + verdefs * (VERDEF + VERDAUX);
        int dynamic = align(strOffset + strtab.length, 8);
        List<long[]> entries = List.of(
                new long[] {DT_SONAME, names.get(soname)},
                new long[] {DT_HASH, hash},
                new long[] {DT_STRTAB, strOffset},
                new long[] {DT_SYMTAB, symtab},
                new long[] {DT_STRSZ, strtab.length},
                new long[] {DT_SYMENT, SYMBOL},
                new long[] {DT_VERSYM, versym},
                new long[] {DT_VERDEF, verdef},
                new long[] {DT_VERDEFNUM, verdefs},
                new long[] {DT_NULL, 0});
        int size = dynamic + entries.size() * DYNAMIC_ENTRY;

        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header: 64-bit, little-endian, current version, System V ABI; a shared object for the given machine
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        out.putShort((short) 3); // ET_DYN
        out.putShort((short) machine);
        out.putInt(1); // EV_CURRENT
        out.putLong(0); // no entry point
        out.putLong(HEADER); // program headers right after this header
        out.putLong(0); // no section headers: the loader reads segments only
        out.putInt(0);
        out.putShort((short) HEADER);
        out.putShort((short) PROGRAM_HEADER);
        out.putShort((short) PROGRAM_HEADERS);
        out.putShort((short) 64);
        out.putShort((short) 0);
        out.putShort((short) 0);
        // the whole file as one read-write segment (the loader relocates the dynamic section in place)
        programHeader(out, PT_LOAD, PF_R | PF_W, 0, size, 0x1000);
        programHeader(out, PT_DYNAMIC, PF_R | PF_W, dynamic, entries.size() * DYNAMIC_ENTRY, 8);
        // a stack that is not executable, or the loader would make the process's stack executable for it
        programHeader(out, PT_GNU_STACK, PF_R | PF_W, 0, 0, 16);
        // the null symbol, and its version index (0: local)
        out.position(symtab);
        out.put(new byte[SYMBOL]);
        out.putShort((short) 0);
        // a hash table over that one symbol
        out.position(hash);
        out.putInt(1).putInt(1).putInt(0).putInt(0);
        // version definitions: index 1 is the file itself, then each version
        out.position(verdef);
        for (int i = 0; i < verdefs; i++) {
            String name = all.get(i);
            boolean last = i == verdefs - 1;
            out.putShort((short) 1); // VER_DEF_CURRENT
            out.putShort((short) (i == 0 ? VER_FLG_BASE : 0));
            out.putShort((short) (i + 1));
            out.putShort((short) 1); // one auxiliary entry: the name
            out.putInt((int) elfHash(name));
            out.putInt(VERDEF);
            out.putInt(last ? 0 : VERDEF + VERDAUX);
            out.putInt(names.get(name));
            out.putInt(0);
        }
        out.position(strOffset);
        out.put(strtab);
        out.position(dynamic);
        for (long[] entry : entries) {
            out.putLong(entry[0]).putLong(entry[1]);
        }
        return out.array();
    }

    /** The ELF machine of an ELF file's header, or -1 when the bytes are not a 64-bit little-endian ELF file. */
    static int machineOf(byte[] header) {
        if (header.length < 20
                || header[0] != 0x7f
                || header[1] != 'E'
                || header[2] != 'L'
                || header[3] != 'F'
                || header[4] != 2
                || header[5] != 1) {
            return -1;
        }
        return (header[18] & 0xff) | (header[19] & 0xff) << 8;
    }

    /** The System V ABI's ELF hash, which version definitions carry for each name. */
    static long elfHash(String name) {
        long h = 0;
        for (byte b : name.getBytes(StandardCharsets.US_ASCII)) {
            h = (h << 4) + (b & 0xff);
            long g = h & 0xf0000000L;
            if (g != 0) {
                h ^= g >>> 24;
            }
            h &= ~g;
        }
        return h & 0xffffffffL;
    }

    private static void programHeader(ByteBuffer out, int type, int flags, long offset, long size, long align) {
        out.putInt(type);
        out.putInt(flags);
        out.putLong(offset);
        out.putLong(offset); // virtual address = file offset
        out.putLong(offset);
        out.putLong(size);
        out.putLong(size);
        out.putLong(align);
    }

    private static int align(int value, int to) {
        return (value + to - 1) / to * to;
    }
}
