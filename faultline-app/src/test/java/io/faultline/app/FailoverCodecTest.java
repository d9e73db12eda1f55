package io.faultline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.protocols.detectors.DetectorMessage;
import io.faultline.protocols.failover.Account;
import io.faultline.protocols.failover.FailoverScenario;
import io.faultline.protocols.failover.Messages;
import io.faultline.runtime.transport.MessageCodec;
import io.faultline.sim.Message;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The failover protocol's messages cross the real transport's codec unchanged. */
class FailoverCodecTest {

    @Test
    void everyFailoverAndDetectorMessageRoundTripsWithItsAccountAndAddresses() {
        MessageCodec codec = MessageCodec.of(List.of(Messages.FailoverMessage.class,
            DetectorMessage.class));
        Account account = Account.EMPTY.deposit(3, 40).deposit(1, 2).deposit(7, 100);
        List<Message> all = List.of(
            new Messages.Deposit(1, 2),
            new Messages.Ack(1, FailoverScenario.PRIMARY),
            new Messages.Status(7, true),
            new Messages.AcquireEpoch(-5),
            new Messages.Read(Long.MIN_VALUE),
            new Messages.Loaded(9, 3, account),
            new Messages.Loaded(9, 0, Account.EMPTY),
            new Messages.Write(FailoverScenario.BACKUP, Long.MAX_VALUE, 2, 3, account, 1234),
            new Messages.Written(-1, 2),
            new Messages.Fenced(1, 2, 3),
            new DetectorMessage.Ping(4),
            new DetectorMessage.Pong(4));

        for (Message m : all) {
            Message back = codec.decode(codec.encode(FailoverScenario.PRIMARY,
                FailoverScenario.STORAGE, m));
            assertThat(back).as(codec.toJson(m)).isEqualTo(m);
        }
        assertThat(all.stream().map(codec::typeName).collect(Collectors.toSet()))
            .as("every message type is covered").isEqualTo(codec.typeNames());
        assertThat(((Messages.Loaded) codec.decode(codec.encode(FailoverScenario.STORAGE,
            FailoverScenario.BACKUP, all.get(5)))).account().applied())
            .containsExactly(1L, 3L, 7L);
    }
}
