package io.faultline.runtime.transport;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import io.faultline.runtime.transport.proto.Envelope;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the message records of some protocols into JSON and back, by type name. It is built from
 * the protocols' sealed {@link Message} interfaces: every record they permit, directly or through
 * nested sealed interfaces, is known by its name within its package (e.g. {@code
 * "Messages.Request"} for the record {@code Request} nested in {@code Messages}).
 *
 * <pre>{@code
 * MessageCodec codec = MessageCodec.of(List.of(RetryMessage.class));
 * Envelope e = codec.encode(Address.of("client"), Address.of("server"), new Request("r1", 10));
 * Message back = codec.decode(e); // equals the original record
 * }</pre>
 *
 * <p>Records may hold strings, numbers (longs keep all 64 bits), booleans, enums, other records,
 * lists and maps of those, and fields typed by a sealed interface (written with an {@code "@type"}
 * property naming the record). Unknown properties and nulls for primitives are refused.
 *
 * <p>Thread-safe and immutable once built.
 */
public final class MessageCodec {

    private final Map<String, Class<? extends Message>> byName;
    private final Map<Class<?>, String> byClass;
    private final ObjectMapper json;

    private MessageCodec(Map<String, Class<? extends Message>> byName,
                         Map<Class<?>, String> byClass, ObjectMapper json) {
        this.byName = byName;
        this.byClass = byClass;
        this.json = json;
    }

    /**
     * A codec for every record permitted, recursively, by {@code roots}.
     *
     * @param roots sealed interfaces extending {@link Message}, or message records
     * @throws IllegalArgumentException when a root is neither, or two records share a name
     */
    public static MessageCodec of(List<Class<? extends Message>> roots) {
        TreeMap<String, Class<? extends Message>> byName = new TreeMap<>();
        HashMap<Class<?>, String> byClass = new HashMap<>();
        Deque<Class<?>> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            } else if (c.isRecord() && Message.class.isAssignableFrom(c)) {
                String name = nameWithinPackage(c);
                Class<? extends Message> before = byName.putIfAbsent(name, c.asSubclass(
                    Message.class));
                if (before != null && before != c) {
                    throw new IllegalArgumentException("two message records are both named '"
                        + name + "': " + before.getName() + " and " + c.getName()
                        + "; give one of them another name");
                }
                byClass.put(c, name);
            } else {
                throw new IllegalArgumentException(c.getName() + " is neither a sealed interface"
                    + " nor a record implementing io.faultline.sim.Message; a codec needs every"
                    + " message type to be one of them");
            }
        }
        JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
        mapper.setDefaultTyping(new SealedTyping()
            .init(JsonTypeInfo.Id.CUSTOM, new TypeNames(byName, byClass))
            .inclusion(JsonTypeInfo.As.PROPERTY).typeProperty("@type"));
        return new MessageCodec(Collections.unmodifiableMap(byName), Map.copyOf(byClass), mapper);
    }

    /**
     * Type information only where a field's declared type is a sealed interface, so that a
     * top-level record (whose name is in the envelope) and plain values stay plain JSON.
     */
    private static final class SealedTyping extends ObjectMapper.DefaultTypeResolverBuilder {
        private static final long serialVersionUID = 1L;

        SealedTyping() {
            super(ObjectMapper.DefaultTyping.NON_FINAL,
                BasicPolymorphicTypeValidator.builder().allowIfBaseType(Message.class).build());
        }

        @Override
        public boolean useForType(JavaType t) {
            Class<?> raw = t.getRawClass();
            return raw.isInterface() && raw.isSealed();
        }
    }

    /** Type ids in nested values: the same names as the envelope's {@code type}. */
    private static final class TypeNames extends TypeIdResolverBase {
        private final Map<String, Class<? extends Message>> byName;
        private final Map<Class<?>, String> byClass;

        TypeNames(Map<String, Class<? extends Message>> byName, Map<Class<?>, String> byClass) {
            this.byName = byName;
            this.byClass = byClass;
        }

        @Override
        public String idFromValue(Object value) {
            return idFromValueAndType(value, value.getClass());
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            String name = byClass.get(type);
            if (name == null) {
                throw new IllegalArgumentException(type.getName() + " is not a message record"
                    + " this codec knows");
            }
            return name;
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            Class<? extends Message> c = byName.get(id);
            if (c == null) {
                throw new IllegalArgumentException("unknown message type '" + id
                    + "'; known types: " + byName.keySet());
            }
            return context.constructType(c);
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }

    private static String nameWithinPackage(Class<?> c) {
        String pkg = c.getPackageName();
        String name = pkg.isEmpty() ? c.getName() : c.getName().substring(pkg.length() + 1);
        return name.replace('$', '.');
    }

    /** Every type name this codec knows, in order. */
    public SortedSet<String> typeNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    /** The type name of {@code message}. */
    public String typeName(Message message) {
        String name = byClass.get(message.getClass());
        if (name == null) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not a message"
                + " this codec knows; it knows " + typeNames());
        }
        return name;
    }

    /** The message as a JSON object. */
    public String toJson(Message message) {
        typeName(message);
        try {
            return json.writerFor(message.getClass()).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + message + " as JSON: "
                + e.getOriginalMessage(), e);
        }
    }

    /**
     * The message of type {@code type} read from {@code body}.
     *
     * @throws IllegalArgumentException for an unknown type (the message lists the known ones) or
     *     a body that does not fit the type
     */
    public Message fromJson(String type, String body) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        Class<? extends Message> c = byName.get(type);
        if (c == null) {
            throw new IllegalArgumentException("unknown message type '" + type + "'; known types: "
                + typeNames());
        }
        try {
            return json.readerFor(c).readValue(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body of a " + type + " is not valid: "
                + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes and reads back a sample of every known record (zeros, empty strings and lists, the
     * first enum constant, the first record of a sealed interface), so that a fresh JVM pays for
     * Jackson's class loading and reflection before its first real message rather than during
     * it. Records whose constructors refuse the samples are skipped.
     *
     * @return how many types made the round trip
     */
    public int warmUp() {
        int done = 0;
        for (Class<? extends Message> c : byName.values()) {
            try {
                Message sample = (Message) sample(c, 0);
                fromJson(typeName(sample), toJson(sample));
                done++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // A record that checks its fields may refuse zeros; it warms up on first use.
            }
        }
        return done;
    }

    /** A sample value of {@code type}; bounded depth, since records may nest. */
    private static Object sample(Class<?> type, int depth) throws ReflectiveOperationException {
        if (depth > 8) {
            throw new IllegalArgumentException("records nest too deep for a sample");
        }
        if (type == long.class || type == Long.class) {
            return 0L;
        } else if (type == int.class || type == Integer.class) {
            return 0;
        } else if (type == boolean.class || type == Boolean.class) {
            return false;
        } else if (type == double.class || type == Double.class) {
            return 0.0;
        } else if (type == String.class) {
            return "";
        } else if (List.class.isAssignableFrom(type)) {
            return List.of();
        } else if (Map.class.isAssignableFrom(type)) {
            return Map.of();
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        } else if (type.isSealed()) {
            return sample(type.getPermittedSubclasses()[0], depth + 1);
        } else if (type.isRecord()) {
            var components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = sample(types[i], depth + 1);
            }
            var ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        }
        throw new IllegalArgumentException("no sample for " + type.getName());
    }

    /** The envelope carrying {@code message} from {@code from} to {@code to}. */
    public Envelope encode(Address from, Address to, Message message) {
        return Envelope.newBuilder()
            .setSource(from.name())
            .setDestination(to.name())
            .setType(typeName(message))
            .setBodyJson(toJson(message))
            .build();
    }

    /** The message an envelope carries. */
    public Message decode(Envelope envelope) {
        return fromJson(envelope.getType(), envelope.getBodyJson());
    }
}
