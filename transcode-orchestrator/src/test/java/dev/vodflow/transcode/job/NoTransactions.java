package dev.vodflow.transcode.job;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs "transactions" inline, for rules tested against in-memory fakes. */
public final class NoTransactions extends AbstractPlatformTransactionManager {

    public static TransactionTemplate template() {
        return new TransactionTemplate(new NoTransactions());
    }

    @Override
    protected Object doGetTransaction() {
        return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {}

    @Override
    protected void doCommit(DefaultTransactionStatus status) {}

    @Override
    protected void doRollback(DefaultTransactionStatus status) {}
}
