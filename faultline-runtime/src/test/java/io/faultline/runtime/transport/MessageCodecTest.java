package io.faultline.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.runtime.transport.proto.Envelope;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    enum Currency { GBP, USD }

    record Money(long minorUnits, Currency currency) {
    }

    record Card(String last4, int expiryMonth) {
    }

    sealed interface Outcome extends Message permits Charged, Declined {
    }

    record Charged(String paymentId, Money money) implements Outcome {
    }

    record Declined(String reason) implements Outcome {
    }

    sealed interface Payments extends Message permits Pay, Reply, Batch, Payments.Inner {
        /** A nested sealed interface: its records belong to the same protocol. */
        sealed interface Inner extends Payments permits Ping {
        }
    }

    record Pay(String key, Money money, Card card, List<String> tags, boolean urgent, double rate)
        implements Payments {
    }

    record Reply(String key, Outcome outcome, List<Outcome> history, Map<String, Long> counters)
        implements Payments {
    }

    record Batch(List<Pay> payments, long sequence) implements Payments {
    }

    record Ping(long n) implements Payments.Inner {
    }

    private final MessageCodec codec = MessageCodec.of(List.of(Payments.class, Outcome.class));

    private Message roundTrip(Message m) {
        Envelope e = codec.encode(Address.of("a"), Address.of("b"), m);
        assertThat(e.getSource()).isEqualTo("a");
        assertThat(e.getDestination()).isEqualTo("b");
        return codec.decode(reparse(e));
    }

    private static Envelope reparse(Envelope e) {
        try {
            return Envelope.parseFrom(e.toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void roundTripsRecordsWithNestedRecordsListsEnumsAndLongs() {
        Pay pay = new Pay("k1", new Money(Long.MAX_VALUE, Currency.GBP), new Card("4242", 12),
            List.of("a", "b"), true, 0.1);
        Batch batch = new Batch(List.of(pay, new Pay("k2", new Money(Long.MIN_VALUE,
            Currency.USD), new Card("0005", 1), List.of(), false, -1.5)), 9_007_199_254_740_993L);

        assertThat(roundTrip(pay)).isEqualTo(pay);
        assertThat(roundTrip(batch)).isEqualTo(batch);
        assertThat(roundTrip(new Ping(-1))).isEqualTo(new Ping(-1));
    }

    @Test
    void roundTripsFieldsTypedBySealedInterfaces() {
        Reply reply = new Reply("k", new Charged("p1", new Money(399, Currency.GBP)),
            List.of(new Declined("insufficient funds"), new Charged("p0", new Money(1,
                Currency.USD))), Map.of("tries", 3L));
        assertThat(roundTrip(reply)).isEqualTo(reply);
        assertThat(codec.toJson(reply)).contains("\"@type\":\"MessageCodecTest.Charged\"");
    }

    @Test
    void namesTypesByTheirNameWithinTheirPackage() {
        assertThat(codec.typeName(new Ping(1))).isEqualTo("MessageCodecTest.Ping");
        assertThat(codec.typeNames()).containsExactly("MessageCodecTest.Batch",
            "MessageCodecTest.Charged", "MessageCodecTest.Declined", "MessageCodecTest.Pay",
            "MessageCodecTest.Ping", "MessageCodecTest.Reply");
        assertThat(codec.encode(Address.of("a"), Address.of("b"), new Ping(7)).getBodyJson())
            .isEqualTo("{\"n\":7}");
    }

    @Test
    void refusesAnUnknownTypeNamingTheKnownOnes() {
        assertThatThrownBy(() -> codec.fromJson("Nope", "{}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown message type 'Nope'")
            .hasMessageContaining("MessageCodecTest.Ping");
    }

    @Test
    void refusesABodyThatDoesNotFitTheType() {
        assertThatThrownBy(() -> codec.fromJson("MessageCodecTest.Ping", "{\"n\":1,\"x\":2}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("MessageCodecTest.Ping is not valid");
        assertThatThrownBy(() -> codec.fromJson("MessageCodecTest.Ping", "{\"n\":null}"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.fromJson("MessageCodecTest.Ping", "not json"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    record Picky(long amount) implements Message {
        Picky {
            if (amount <= 0) {
                throw new IllegalArgumentException("amount must be > 0");
            }
        }
    }

    @Test
    void warmsUpEveryTypeItCanMakeASampleOf() {
        assertThat(codec.warmUp()).isEqualTo(6);
        assertThat(MessageCodec.of(List.of(Picky.class)).warmUp()).as("Picky refuses 0")
            .isZero();
    }

    interface Loose extends Message {
    }

    @Test
    void refusesARootThatIsNeitherSealedNorARecord() {
        assertThatThrownBy(() -> MessageCodec.of(List.of(Loose.class)))
            .hasMessageContaining("MessageCodecTest$Loose is neither a sealed interface nor a"
                + " record");
    }

    @Test
    void refusesToEncodeAMessageItDoesNotKnow() {
        MessageCodec small = MessageCodec.of(List.of(Outcome.class));
        assertThatThrownBy(() -> small.toJson(new Ping(1)))
            .hasMessageContaining("is not a message this codec knows")
            .hasMessageContaining("MessageCodecTest.Declined");
    }
}
