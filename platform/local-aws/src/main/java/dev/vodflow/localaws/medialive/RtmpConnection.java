package dev.vodflow.localaws.medialive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one RTMP connection: the plain handshake, the chunk stream, and the few commands an encoder
 * (OBS, FFmpeg, Larix) sends before publishing. The stream key arrives with {@code publish}; only then is the
 * channel known, so nothing reaches an encoder before the key was checked. Audio, video and metadata messages
 * after that are handed over as FLV tags. Anything that is not RTMP ends this connection only.
 */
final class RtmpConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RtmpConnection.class);

    static final int HANDSHAKE_SIZE = 1536;
    /** Larger messages are refused: no encoder sends a frame this big, garbage may claim anything. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    static final int ACKNOWLEDGEMENT = 3;
    static final int USER_CONTROL = 4;
    static final int WINDOW_ACK_SIZE = 5;
    static final int SET_PEER_BANDWIDTH = 6;
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int DATA_AMF3 = 15;
    static final int COMMAND_AMF3 = 17;
    static final int DATA_AMF0 = 18;
    static final int COMMAND_AMF0 = 20;

    private static final int WINDOW = 2_500_000;
    private static final int OUT_CHUNK_SIZE = 4096;
    private static final int STREAM_ID = 1;

    /** Decides whether a publish may go ahead and where its media goes. */
    interface Publishers {
        /**
         * @param app the application part of the URL ({@code live} in {@code rtmp://host/live/KEY})
         * @param streamName the stream name the encoder publishes (the key)
         * @throws Refusal when the key is unknown or the channel cannot take a publisher now
         */
        MediaSink publish(String app, String streamName, String remote) throws Refusal;
    }

    /** Where an accepted publisher's media goes, as FLV tags. */
    interface MediaSink {
        void tag(int type, long timestampMs, byte[] payload) throws IOException;

        /** The publisher is gone (it said so, or the connection broke). */
        void disconnected();
    }

    /** A publish the emulator will not take, sent back as an {@code onStatus} error. */
    static final class Refusal extends Exception {
        final String code;

        Refusal(String code, String description) {
            super(description);
            this.code = code;
        }
    }

    private final Socket socket;
    private final Publishers publishers;
    private final Map<Integer, ChunkStream> chunkStreams = new HashMap<>();
    private DataInputStream in;
    private OutputStream out;
    private int inChunkSize = 128;
    private String app = "";
    private MediaSink sink;

    RtmpConnection(Socket socket, Publishers publishers) {
        this.socket = socket;
        this.publishers = publishers;
    }

    @Override
    public void run() {
        String remote = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            handshake();
            while (true) {
                Message message = readMessage();
                if (message != null && !handle(message, remote)) {
                    return;
                }
            }
        } catch (EOFException e) {
            log.debug("RTMP connection from {} closed", remote);
        } catch (IOException | RuntimeException e) {
            // garbage, a timeout or a broken pipe: this connection ends, every other one carries on
            log.info("RTMP connection from {} ended: {}", remote, e.toString());
        } finally {
            if (sink != null) {
                sink.disconnected();
            }
        }
    }

    private void handshake() throws IOException {
        int version = in.readUnsignedByte();
        if (version != 3) {
            throw new IOException("not RTMP: first byte is 0x" + Integer.toHexString(version) + ", expected 0x03");
        }
        byte[] c1 = in.readNBytes(HANDSHAKE_SIZE);
        if (c1.length < HANDSHAKE_SIZE) {
            throw new EOFException("handshake cut short");
        }
        byte[] s1 = new byte[HANDSHAKE_SIZE];
        ThreadLocalRandom.current().nextBytes(s1);
        // time 0 and version 0: clients then use the plain handshake and do not look for a digest
        for (int i = 0; i < 8; i++) {
            s1[i] = 0;
        }
        out.write(3);
        out.write(s1);
        out.write(c1);
        out.flush();
        in.readFully(new byte[HANDSHAKE_SIZE]);
    }

    /** One chunk; returns the message it completes, or null while the message is still incomplete. */
    private Message readMessage() throws IOException {
        int first = in.readUnsignedByte();
        int format = first >> 6;
        int csid = first & 0x3f;
        if (csid == 0) {
            csid = 64 + in.readUnsignedByte();
        } else if (csid == 1) {
            csid = 64 + in.readUnsignedByte() + 256 * in.readUnsignedByte();
        }
        ChunkStream stream = chunkStreams.computeIfAbsent(csid, id -> new ChunkStream());
        if (format == 3 && stream.length < 0) {
            throw new IOException("chunk stream " + csid + " continues a message it never started");
        }
        long timestampField = 0;
        if (format <= 2) {
            timestampField = read24();
        }
        if (format <= 1) {
            stream.length = read24();
            stream.type = in.readUnsignedByte();
            if (stream.length > MAX_MESSAGE) {
                throw new IOException("message of " + stream.length + " bytes is larger than " + MAX_MESSAGE);
            }
        }
        if (format == 0) {
            stream.messageStreamId = Integer.reverseBytes(in.readInt());
        }
        if (format <= 2) {
            stream.extended = timestampField == 0xffffff;
            if (stream.extended) {
                timestampField = in.readInt() & 0xffffffffL;
            }
            stream.delta = format == 0 ? 0 : timestampField;
            if (stream.payload == null) {
                stream.timestamp = format == 0 ? timestampField : stream.timestamp + timestampField;
            }
        } else if (stream.extended) {
            in.readInt();
        }
        if (stream.payload == null) {
            if (format == 3) {
                stream.timestamp += stream.delta;
            }
            stream.payload = ByteBuffer.allocate(stream.length);
        }
        int size = Math.min(inChunkSize, stream.payload.remaining());
        in.readFully(stream.payload.array(), stream.payload.position(), size);
        stream.payload.position(stream.payload.position() + size);
        if (stream.payload.hasRemaining()) {
            return null;
        }
        Message message = new Message(stream.type, stream.timestamp, stream.payload.array());
        stream.payload = null;
        return message;
    }

    private int read24() throws IOException {
        return (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    }

    /** Returns false when the connection should end. */
    private boolean handle(Message message, String remote) throws IOException {
        switch (message.type) {
            case SET_CHUNK_SIZE -> {
                int size = ByteBuffer.wrap(message.payload).getInt() & 0x7fffffff;
                if (size < 1 || size > MAX_MESSAGE) {
                    throw new IOException("chunk size " + size + " out of range");
                }
                inChunkSize = size;
            }
            case AUDIO, VIDEO, DATA_AMF0 -> {
                if (sink != null) {
                    sink.tag(message.type, message.timestamp, tagPayload(message));
                }
            }
            case COMMAND_AMF0, COMMAND_AMF3 -> {
                byte[] body = message.payload;
                if (message.type == COMMAND_AMF3 && body.length > 0) {
                    body = java.util.Arrays.copyOfRange(body, 1, body.length);
                }
                return command(Amf0.decodeAll(body), remote);
            }
            default -> {
                // acknowledgements, user control, window sizes: nothing to do for a publisher's server
            }
        }
        return true;
    }

    /** {@code @setDataFrame} wraps the metadata for servers; the FLV file carries the bare {@code onMetaData}. */
    private static byte[] tagPayload(Message message) {
        byte[] payload = message.payload;
        if (message.type == DATA_AMF0 && payload.length > 16 && payload[0] == 0x02) {
            int length = ((payload[1] & 0xff) << 8) | (payload[2] & 0xff);
            if (length == 13 && "@setDataFrame".equals(new String(payload, 3, 13, StandardCharsets.US_ASCII))) {
                return java.util.Arrays.copyOfRange(payload, 16, payload.length);
            }
        }
        return payload;
    }

    private boolean command(List<Object> values, String remote) throws IOException {
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new IOException("command without a name");
        }
        double transaction = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
        switch (name) {
            case "connect" -> {
                if (values.size() > 2 && values.get(2) instanceof Map<?, ?> properties) {
                    Object value = properties.get("app");
                    app = value == null ? "" : value.toString();
                }
                sendControl(
                        WINDOW_ACK_SIZE, ByteBuffer.allocate(4).putInt(WINDOW).array());
                sendControl(
                        SET_PEER_BANDWIDTH,
                        ByteBuffer.allocate(5).putInt(WINDOW).put((byte) 2).array());
                sendControl(
                        SET_CHUNK_SIZE,
                        ByteBuffer.allocate(4).putInt(OUT_CHUNK_SIZE).array());
                sendCommand(
                        3,
                        0,
                        "_result",
                        transaction,
                        ordered("fmsVer", "FMS/3,5,7,7009", "capabilities", 31.0),
                        ordered(
                                "level",
                                "status",
                                "code",
                                "NetConnection.Connect.Success",
                                "description",
                                "Connection succeeded.",
                                "objectEncoding",
                                0.0));
            }
            case "createStream" -> sendCommand(3, 0, "_result", transaction, null, (double) STREAM_ID);
            case "releaseStream", "FCPublish", "FCUnpublish" -> sendCommand(3, 0, "_result", transaction, null, null);
            case "publish" -> {
                String streamName = values.size() > 3 && values.get(3) instanceof String s ? s : "";
                int query = streamName.indexOf('?');
                if (query >= 0) {
                    streamName = streamName.substring(0, query);
                }
                if (sink != null) {
                    status("error", "NetStream.Publish.BadName", "this connection is already publishing");
                    return false;
                }
                try {
                    sink = publishers.publish(app, streamName, remote);
                } catch (Refusal refusal) {
                    log.info("refused a publish from {}: {}", remote, refusal.getMessage());
                    status("error", refusal.code, refusal.getMessage());
                    return false;
                }
                status("status", "NetStream.Publish.Start", streamName + " is now published.");
            }
            case "deleteStream", "closeStream" -> {
                return sink == null;
            }
            default -> log.debug("ignoring RTMP command {} from {}", name, remote);
        }
        return true;
    }

    private void status(String level, String code, String description) throws IOException {
        sendCommand(
                5, STREAM_ID, "onStatus", 0.0, null, ordered("level", level, "code", code, "description", description));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private void sendControl(int type, byte[] payload) throws IOException {
        send(2, 0, type, payload);
    }

    private void sendCommand(int csid, int messageStreamId, Object... values) throws IOException {
        send(csid, messageStreamId, COMMAND_AMF0, Amf0.encode(values));
    }

    private void send(int csid, int messageStreamId, int type, byte[] payload) throws IOException {
        // the first chunk carries a full header; the rest of the message follows in type-3 chunks
        out.write(csid);
        out.write(new byte[] {0, 0, 0});
        out.write(payload.length >> 16);
        out.write(payload.length >> 8);
        out.write(payload.length);
        out.write(type);
        out.write(ByteBuffer.allocate(4)
                .putInt(Integer.reverseBytes(messageStreamId))
                .array());
        int chunkSize = type == SET_CHUNK_SIZE ? 128 : OUT_CHUNK_SIZE;
        for (int offset = 0; offset < payload.length; offset += chunkSize) {
            if (offset > 0) {
                out.write(0xc0 | csid);
            }
            out.write(payload, offset, Math.min(chunkSize, payload.length - offset));
        }
        out.flush();
    }

    private static final class ChunkStream {
        int length = -1;
        int type;
        int messageStreamId;
        long timestamp;
        long delta;
        boolean extended;
        ByteBuffer payload;
    }

    private record Message(int type, long timestamp, byte[] payload) {}
}
