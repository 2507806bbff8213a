package dev.vodflow.localaws.medialive;

import java.io.IOException;
import java.io.OutputStream;

/** Writing an FLV stream (what FFmpeg reads on its stdin, and the recording) and telling its tags apart. */
final class Flv {

    private Flv() {}

    static void header(OutputStream out, Encoder.MediaKinds kinds) throws IOException {
        int flags = (kinds.audio() ? 4 : 0) | (kinds.video() ? 1 : 0);
        out.write(new byte[] {'F', 'L', 'V', 1, (byte) flags, 0, 0, 0, 9, 0, 0, 0, 0});
    }

    static void tag(OutputStream out, int type, long timestampMs, byte[] payload) throws IOException {
        long timestamp = Math.max(0, timestampMs);
        byte[] header = new byte[11];
        header[0] = (byte) type;
        header[1] = (byte) (payload.length >> 16);
        header[2] = (byte) (payload.length >> 8);
        header[3] = (byte) payload.length;
        header[4] = (byte) (timestamp >> 16);
        header[5] = (byte) (timestamp >> 8);
        header[6] = (byte) timestamp;
        header[7] = (byte) (timestamp >> 24);
        out.write(header);
        out.write(payload);
        int size = 11 + payload.length;
        out.write(new byte[] {(byte) (size >> 24), (byte) (size >> 16), (byte) (size >> 8), (byte) size});
    }

    /** A video frame a decoder can start from (FLV frame type 1, legacy and enhanced RTMP alike). */
    static boolean isKeyFrame(int type, byte[] payload) {
        return type == RtmpConnection.VIDEO
                && payload.length > 1
                && ((payload[0] >> 4) & 0x7) == 1
                && !isSequenceHeader(type, payload);
    }

    /** The decoder configuration (AVC/HEVC parameter sets, AAC AudioSpecificConfig), not a frame. */
    static boolean isSequenceHeader(int type, byte[] payload) {
        if (payload.length < 2) {
            return false;
        }
        if (type == RtmpConnection.VIDEO) {
            boolean enhanced = (payload[0] & 0x80) != 0;
            if (enhanced) {
                return (payload[0] & 0x0f) == 0;
            }
            // AVC (7) and the common HEVC extension (12) carry an AVCPacketType; older codecs have no configuration
            int codec = payload[0] & 0x0f;
            return (codec == 7 || codec == 12) && payload[1] == 0;
        }
        return type == RtmpConnection.AUDIO && ((payload[0] >> 4) & 0x0f) == 10 && payload[1] == 0;
    }
}
