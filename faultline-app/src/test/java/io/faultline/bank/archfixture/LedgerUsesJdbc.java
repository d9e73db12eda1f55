package io.faultline.bank.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Architecture fixture: bank domain code using JDBC, which belongs in a jdbc adapter package. */
public final class LedgerUsesJdbc {

    void post(Connection db) throws SQLException {
        db.commit();
    }
}
