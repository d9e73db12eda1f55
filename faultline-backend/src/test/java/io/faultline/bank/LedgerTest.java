package io.faultline.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.LedgerMessages.AckOutbox;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Balance;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.Events;
import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.GetEvents;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.OutboxAcked;
import io.faultline.bank.LedgerMessages.OutboxRow;
import io.faultline.bank.LedgerMessages.OutboxRows;
import io.faultline.bank.LedgerMessages.ReadOutbox;
import io.faultline.bank.LedgerMessages.Rejected;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerMessages.Withdraw;
import io.faultline.sim.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private RecordingContext ctx;
    private Ledger ledger;

    @BeforeEach
    void setUp() {
        ctx = new RecordingContext();
        ledger = new Ledger(LedgerConfig.defaults());
    }

    /** Sends a request through onMessage, as an engine would, and returns the one reply. */
    private Reply ask(Request request) {
        int before = ctx.sent.size();
        ledger.onMessage(ctx, RecordingContext.CLIENT, request);
        assertThat(ctx.sent).hasSize(before + 1);
        assertThat(ctx.sent.get(before).to()).isEqualTo(RecordingContext.CLIENT);
        return (Reply) ctx.sent.get(before).message();
    }

    private Applied applied(Request request) {
        Reply reply = ask(request);
        assertThat(reply).isInstanceOf(Applied.class);
        return (Applied) reply;
    }

    private Rejected rejected(Request request) {
        Reply reply = ask(request);
        assertThat(reply).isInstanceOf(Rejected.class);
        return (Rejected) reply;
    }

    private long balance(String client) {
        return ((Balance) ask(new GetBalance(client))).balance();
    }

    private void openWith(String client, long amount) {
        applied(new OpenAccount("open-" + client, client));
        if (amount > 0) {
            applied(new Deposit("fund-" + client, client, amount));
        }
    }

    private LedgerStore view() {
        return new LedgerStore(ctx.store);
    }

    /** The store without the command outcomes: what "nothing changed" is about. */
    private SortedMap<String, String> stateWithoutOutcomes() {
        SortedMap<String, String> out = new TreeMap<>(ctx.store.snapshot());
        out.keySet().removeIf(k -> k.startsWith(LedgerStore.COMMAND));
        return out;
    }

    @Test
    void opensAccountWithZeroBalanceAndEventNumberOne() {
        ctx.nowMs = 17;
        Applied a = applied(new OpenAccount("c1", "alice"));

        assertThat(a.replayed()).isFalse();
        assertThat(a.events()).containsExactly(
            new Event("alice", 1, EventType.OPENED, 0, 0, "c1", "-", 17));
        assertThat(ask(new GetBalance("alice"))).isEqualTo(new Balance("alice", 0, 1));
    }

    @Test
    void depositWithdrawAndTransferNumberEachAccountsEventsByOne() {
        openWith("alice", 1_000);
        openWith("bob", 0);
        applied(new Withdraw("w1", "alice", 300));
        Applied t = applied(new Transfer("t1", "alice", "bob", 200));

        assertThat(t.events()).extracting(Event::client, Event::seq, Event::type,
                Event::balanceAfter, Event::counterparty)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", 4L, EventType.TRANSFERRED_OUT, 500L,
                    "bob"),
                org.assertj.core.groups.Tuple.tuple("bob", 2L, EventType.TRANSFERRED_IN, 200L,
                    "alice"));
        assertThat(view().events("alice")).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(view().events("bob")).extracting(Event::seq).containsExactly(1L, 2L);
        assertThat(balance("alice")).isEqualTo(500);
        assertThat(balance("bob")).isEqualTo(200);
        assertThat(view().checkInvariants(0)).isEmpty();
    }

    @Test
    void transferKeepsTheTotalAndWritesBothSidesInOneAtomicBatch() {
        openWith("alice", 1_000);
        openWith("bob", 50);
        long writesBefore = ctx.store.writeCount();

        applied(new Transfer("t1", "alice", "bob", 400));

        assertThat(ctx.store.writeCount()).isEqualTo(writesBefore + 1);
        assertThat(balance("alice") + balance("bob")).isEqualTo(1_050);
        assertThat(view().pendingOutbox().values()).extracting(Event::commandId)
            .endsWith("t1", "t1");
    }

    @Test
    void everyEventHasItsOutboxRowWrittenInTheSameBatch() {
        openWith("alice", 100);
        openWith("bob", 0);
        applied(new Transfer("t1", "alice", "bob", 60));

        List<Event> all = new ArrayList<>(view().events("alice"));
        all.addAll(view().events("bob"));
        assertThat(view().pendingOutbox().values()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(view().pendingOutbox().keySet()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void repeatedCommandIdReturnsTheFirstOutcomeWithoutApplyingAgain() {
        openWith("alice", 100);
        Applied first = applied(new Withdraw("w1", "alice", 30));
        SortedMap<String, String> before = ctx.store.snapshot();
        long writesBefore = ctx.store.writeCount();

        Applied again = applied(new Withdraw("w1", "alice", 30));

        assertThat(again.replayed()).isTrue();
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(ctx.store.snapshot()).isEqualTo(before);
        assertThat(ctx.store.writeCount()).isEqualTo(writesBefore);
        assertThat(balance("alice")).isEqualTo(70);
    }

    @Test
    void repeatedTransferAfterLaterChangesStillReturnsItsOwnEvents() {
        openWith("alice", 100);
        openWith("bob", 0);
        Applied first = applied(new Transfer("t1", "alice", "bob", 10));
        applied(new Deposit("d2", "alice", 5));

        Applied again = applied(new Transfer("t1", "alice", "bob", 10));

        assertThat(again.events()).isEqualTo(first.events());
        assertThat(balance("alice")).isEqualTo(95);
    }

    @Test
    void refusalForInsufficientFundsIsTheFirstOutcomeEvenAfterADeposit() {
        openWith("alice", 10);
        Rejected first = rejected(new Withdraw("w1", "alice", 50));
        applied(new Deposit("d2", "alice", 100));

        Rejected again = rejected(new Withdraw("w1", "alice", 50));

        assertThat(first.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(first.replayed()).isFalse();
        assertThat(again.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(again.replayed()).isTrue();
        assertThat(balance("alice")).isEqualTo(110);
    }

    @Test
    void rejectsReusedCommandIdWithADifferentCommand() {
        openWith("alice", 100);
        applied(new Withdraw("w1", "alice", 30));
        SortedMap<String, String> before = ctx.store.snapshot();

        Rejected r = rejected(new Withdraw("w1", "alice", 31));

        assertThat(r.code()).isEqualTo(ErrorCode.COMMAND_ID_REUSED);
        assertThat(r.message()).contains("'w1'", "withdraw alice 30", "withdraw alice 31");
        assertThat(ctx.store.snapshot()).isEqualTo(before);
    }

    @Test
    void rejectsBadInputNamingTheBadValueAndChangesNothing() {
        openWith("alice", 100);
        openWith("bob", 0);
        SortedMap<String, String> before = ctx.store.snapshot();

        assertRefused(new Deposit("x1", "carol", 5), ErrorCode.UNKNOWN_CLIENT, "'carol'");
        assertRefused(new Transfer("x2", "alice", "carol", 5), ErrorCode.UNKNOWN_CLIENT,
            "'carol'");
        assertRefused(new Deposit("x3", "alice", 0), ErrorCode.INVALID_AMOUNT, "amount 0");
        assertRefused(new Withdraw("x4", "alice", -5), ErrorCode.INVALID_AMOUNT, "amount -5");
        assertRefused(new Transfer("x5", "alice", "bob", -1), ErrorCode.INVALID_AMOUNT,
            "amount -1");
        assertRefused(new Deposit("x6", "alice", 1_000_000_000_001L), ErrorCode.INVALID_AMOUNT,
            "1000000000000]");
        assertRefused(new Transfer("x7", "alice", "alice", 5), ErrorCode.SAME_ACCOUNT,
            "'alice'");
        assertRefused(new Deposit("x8", "al ice", 5), ErrorCode.INVALID_CLIENT, "'al ice'");
        assertRefused(new OpenAccount("x9", ""), ErrorCode.INVALID_CLIENT, "''");
        assertRefused(new OpenAccount("x10", "alice"), ErrorCode.ACCOUNT_EXISTS, "'alice'");
        assertRefused(new Deposit("bad id", "alice", 5), ErrorCode.INVALID_COMMAND_ID,
            "'bad id'");
        assertRefused(new GetBalance("carol"), ErrorCode.UNKNOWN_CLIENT, "'carol'");

        assertThat(ctx.store.snapshot()).isEqualTo(before);
        // Refused input leaves no trace, so the same id may be used for a valid command later.
        assertThat(applied(new Deposit("x3", "alice", 1)).replayed()).isFalse();
    }

    private void assertRefused(Request request, ErrorCode code, String mentions) {
        Rejected r = rejected(request);
        assertThat(r.code()).as(request.toString()).isEqualTo(code);
        assertThat(r.message()).as(request.toString()).contains(mentions);
        assertThat(r.replayed()).isFalse();
    }

    @Test
    void overdrawIsRefusedAndChangesNoBalanceEventOrOutboxRow() {
        openWith("alice", 100);
        openWith("bob", 0);
        SortedMap<String, String> before = stateWithoutOutcomes();

        Rejected w = rejected(new Withdraw("w1", "alice", 101));
        Rejected t = rejected(new Transfer("t1", "alice", "bob", 101));

        assertThat(w.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(w.message()).contains("amount 101", "'alice'", "from 100 to -1");
        assertThat(t.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(stateWithoutOutcomes()).isEqualTo(before);
        assertThat(balance("bob")).isZero();
    }

    @Test
    void overdraftLimitAllowsBalancesDownToMinusTheLimitAndNoFurther() {
        ledger = new Ledger(LedgerConfig.defaults().withOverdraftLimit(50));
        openWith("alice", 0);
        openWith("bob", 0);

        assertThat(applied(new Transfer("t1", "alice", "bob", 50)).events().get(0).balanceAfter())
            .isEqualTo(-50);
        Rejected r = rejected(new Withdraw("w1", "alice", 1));

        assertThat(r.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(r.message()).contains("-50 (the overdraft limit)");
        assertThat(view().checkInvariants(50)).isEmpty();
        assertThat(view().checkInvariants(0)).isNotEmpty();
    }

    @Test
    void eventsAreServedByRangeAndByCursor() {
        openWith("alice", 10);
        for (int i = 0; i < 5; i++) {
            applied(new Deposit("d" + i, "alice", 1));
        }

        Events range = (Events) ask(new GetEvents("alice", 2, 4, 100));
        Events after = (Events) ask(GetEvents.after("alice", 5, 100));
        Events page = (Events) ask(GetEvents.after("alice", 0, 3));
        Events none = (Events) ask(GetEvents.after("alice", 7, 100));

        assertThat(range.events()).extracting(Event::seq).containsExactly(2L, 3L, 4L);
        assertThat(range.lastSeq()).isEqualTo(7);
        assertThat(after.events()).extracting(Event::seq).containsExactly(6L, 7L);
        assertThat(page.events()).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(none.events()).isEmpty();
        assertRefused(new GetEvents("alice", 0, 4, 10), ErrorCode.INVALID_RANGE, "0..4");
        assertRefused(new GetEvents("alice", 5, 4, 10), ErrorCode.INVALID_RANGE, "5..4");
        assertRefused(new GetEvents("alice", 1, 4, 0), ErrorCode.INVALID_RANGE, "limit 0");
        assertRefused(new GetEvents("alice", 1, 4, 1001), ErrorCode.INVALID_RANGE, "limit 1001");
    }

    @Test
    void outboxIsReadInPagesAndAcknowledgedRowsAreRemovedOnce() {
        openWith("alice", 10);
        openWith("bob", 10);

        OutboxRows firstPage = (OutboxRows) ask(new ReadOutbox(0, 3));
        assertThat(firstPage.rows()).extracting(OutboxRow::outboxId).containsExactly(1L, 2L, 3L);
        assertThat(ask(new AckOutbox(3))).isEqualTo(new OutboxAcked(3, 3));
        assertThat(ask(new AckOutbox(3))).isEqualTo(new OutboxAcked(3, 0));

        OutboxRows rest = (OutboxRows) ask(new ReadOutbox(0, 10));
        assertThat(rest.rows()).extracting(OutboxRow::outboxId).containsExactly(4L);
        assertThat(rest.rows().get(0).event()).isEqualTo(view().event("bob", 2).orElseThrow());
        assertThat(ask(new AckOutbox(4))).isEqualTo(new OutboxAcked(4, 1));
        assertThat(view().pendingOutbox()).isEmpty();
        assertThat(((OutboxRows) ask(new ReadOutbox(0, 10))).rows()).isEmpty();
        // Events stay: the outbox is only the queue of what is not yet published.
        assertThat(view().events("bob")).hasSize(2);
    }

    @Test
    void aRecoveredLedgerContinuesFromItsStore() {
        openWith("alice", 100);
        applied(new Withdraw("w1", "alice", 30));

        ledger = new Ledger(LedgerConfig.defaults());
        ledger.recover(ctx);

        assertThat(applied(new Withdraw("w1", "alice", 30)).replayed()).isTrue();
        assertThat(applied(new Withdraw("w2", "alice", 30)).events().get(0).seq()).isEqualTo(4);
        assertThat(balance("alice")).isEqualTo(40);
    }

    @Test
    void randomCommandsKeepEveryInvariantAndTheBanksTotal() {
        Rng rng = new Rng(7);
        List<String> clients = List.of("a", "b", "c", "d");
        for (String c : clients) {
            openWith(c, 0);
        }
        long total = 0;
        for (int i = 0; i < 2_000; i++) {
            String c = clients.get(rng.nextInt(clients.size()));
            String other = clients.get(rng.nextInt(clients.size()));
            long amount = rng.nextLong(-5, 200);
            String id = "cmd" + rng.nextInt(1_500);
            Reply r;
            switch (rng.nextInt(3)) {
                case 0 -> r = ask(new Deposit(id, c, amount));
                case 1 -> r = ask(new Withdraw(id, c, amount));
                default -> r = ask(new Transfer(id, c, other, amount));
            }
            if (r instanceof Applied a && !a.replayed()) {
                for (Event e : a.events()) {
                    if (e.type() == EventType.DEPOSITED || e.type() == EventType.WITHDRAWN) {
                        total += e.delta();
                    }
                }
            }
        }
        long sum = 0;
        for (String c : clients) {
            sum += balance(c);
        }
        assertThat(sum).isEqualTo(total);
        assertThat(view().checkInvariants(0)).isEmpty();
    }

    @Test
    void eventsRoundTripThroughTheirEncoding() {
        Event e = new Event("a.b-c_1", 9, EventType.TRANSFERRED_IN, 5, -3, "id:1", "z", 123);
        assertThat(Event.decode(e.encode())).isEqualTo(e);
    }
}
