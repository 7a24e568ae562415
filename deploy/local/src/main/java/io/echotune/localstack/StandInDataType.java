package io.echotune.localstack;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How the stand-in stores documents and index keys in its H2 file. mongo-java-server opens its maps with H2's
 * {@link ObjectDataType}, which writes every document and every index key with Java serialisation, and compares
 * two index keys ({@link KeyValue}, not {@code Comparable}) by serialising both: half of the stand-in's CPU per
 * insert went to those comparisons and a quarter to writing and reading documents (JFR, docs/benchmarks.md).
 *
 * <p>Here documents are stored as BSON, strings as UTF-8 and index keys as their values, and keys compare value by
 * value (each value in {@link ObjectDataType}'s order, so maps keyed by strings keep their order). Everything
 * else, and every value in the old format, goes through {@link ObjectDataType} unchanged: the first byte of each
 * stored value says which format it is in, so a store written before still reads. Index maps must be rebuilt once
 * for the new key order ({@link StandInBackend#upgrade}); data maps keep their order (their keys are the _id values,
 * compared exactly as before).
 */
final class StandInDataType extends ObjectDataType {

    static final StandInDataType INSTANCE = new StandInDataType();

    /** Above every tag {@link ObjectDataType} writes (0 to 119). */
    private static final byte TAG_BSON_DOCUMENT = 120;
    private static final byte TAG_KEY_VALUE = 121;
    private static final byte TAG_UTF8_STRING = 122;

    private StandInDataType() {
    }

    @Override
    public void write(WriteBuffer buff, Object value) {
        if (value instanceof Document document) {
            byte[] bson = bson(document);
            if (bson != null) {
                buff.put(TAG_BSON_DOCUMENT).putVarInt(bson.length).put(bson);
                return;
            }
        } else if (value instanceof KeyValue key) {
            buff.put(TAG_KEY_VALUE).putVarInt(key.size());
            for (Object element : key) {
                write(buff, element);
            }
            return;
        } else if (value instanceof String string) {
            // ObjectDataType writes a string char by char; the commits rewrite every string of every page they touch
            byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
            buff.put(TAG_UTF8_STRING).putVarInt(utf8.length).put(utf8);
            return;
        }
        super.write(buff, value);
    }

    @Override
    public Object read(ByteBuffer buff) {
        byte tag = buff.get(buff.position());
        if (tag == TAG_BSON_DOCUMENT) {
            buff.get();
            int length = DataUtils.readVarInt(buff);
            ByteBuf bson = Unpooled.wrappedBuffer(buff.slice(buff.position(), length));
            buff.position(buff.position() + length);
            return BsonDecoder.decodeBson(bson);
        }
        if (tag == TAG_UTF8_STRING) {
            buff.get();
            int length = DataUtils.readVarInt(buff);
            byte[] utf8 = new byte[length];
            buff.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
        if (tag == TAG_KEY_VALUE) {
            buff.get();
            int size = DataUtils.readVarInt(buff);
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(read(buff));
            }
            return new KeyValue(values);
        }
        return super.read(buff);
    }

    /**
     * Index keys compare value by value with {@link ObjectDataType}'s order for each value, then by length: a total
     * order in which two keys are equal exactly when their values are (as the Java-serialised form was).
     */
    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            int common = Math.min(x.size(), y.size());
            for (int i = 0; i < common; i++) {
                int c = super.compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        return super.compare(a, b);
    }

    /** An estimate for H2's page cache; {@link ObjectDataType} would serialise the object to measure it. */
    @Override
    public int getMemory(Object value) {
        if (value instanceof Document || value instanceof KeyValue) {
            return estimate(value);
        }
        return super.getMemory(value);
    }

    private static int estimate(Object value) {
        if (value instanceof String s) {
            return 48 + s.length();
        }
        if (value instanceof Map<?, ?> map) {
            int size = 64;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += 48 + estimate(e.getKey()) + estimate(e.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> || value instanceof KeyValue) {
            int size = 48;
            for (Object element : (Iterable<?>) value) {
                size += 8 + estimate(element);
            }
            return size;
        }
        return 24;
    }

    /** The document as BSON, or null for a value BSON cannot hold (then it is Java-serialised, as before). */
    private static byte[] bson(Document document) {
        ByteBuf buffer = Unpooled.buffer(512);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } catch (RuntimeException e) {
            return null;
        } finally {
            buffer.release();
        }
    }
}
