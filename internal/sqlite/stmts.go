package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/sqlrows"
)

// stmts are the statements of the hot paths (authenticating a request,
// reading what a message send needs, writing a message and its record,
// the writer's savepoints), prepared once at Open: SQLite takes about as long to parse a small
// statement as to run it.
//
// The read statements are prepared on the read pool and run on it, each
// one alone (a single statement reads one snapshot) or in a read
// transaction through tx.StmtContext. The write statements are prepared on
// the write pool and run only in a write transaction, through
// tx.StmtContext, which uses the statement already prepared on the
// transaction's connection (or prepares it there). Nothing prepares on the
// write pool after Open: its only connection may be held by a transaction,
// and preparing there would wait for it forever.
type stmts struct {
	// Read statements.
	userByToken      *sql.Stmt
	thread           *sql.Stmt
	threadOrg        *sql.Stmt
	org              *sql.Stmt
	contractsBetween *sql.Stmt
	strikes          *sql.Stmt
	newestMessages   *sql.Stmt
	message          *sql.Stmt
	idempotencyKey   *sql.Stmt

	// Write statements.
	insertMessage     *sql.Stmt
	updateMessage     *sql.Stmt
	insertAudit       *sql.Stmt
	insertStrike      *sql.Stmt
	insertCase        *sql.Stmt
	deleteExpiredKeys *sql.Stmt
	insertKey         *sql.Stmt

	// The writer's savepoint statements, on the write pool.
	savepoint  *sql.Stmt
	release    *sql.Stmt
	rollbackTo *sql.Stmt

	// all is every statement above that was prepared, for Close.
	all []*sql.Stmt
}

// The text of the prepared statements.
const (
	userByTokenSQL = `SELECT ` + userColumns + ` FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.revoked = 0`
	threadSQL      = `SELECT ` + threadColumns + ` FROM threads WHERE id = ?`
	threadOrgSQL   = `SELECT t.id, t.org_id, t.client_id, t.freelancer_id, t.job_id, t.created_at, o.id, o.name, o.plan, o.created_at
		FROM threads t JOIN orgs o ON o.id = t.org_id WHERE t.id = ?`
	orgSQL       = `SELECT id, name, plan, created_at FROM orgs WHERE id = ?`
	contractsSQL = `SELECT ` + contractColumns + ` FROM contracts WHERE org_id = ? AND freelancer_id = ?
		ORDER BY created_at DESC, rowid DESC`
	strikesSQL = `SELECT ` + strikeColumns + ` FROM strikes
		WHERE user_id = ? AND created_at >= ? AND removed_at IS NULL
		ORDER BY created_at, rowid`
	// newestMessagesSQL reads a thread's last messages newest first,
	// straight down the index: lastMessages puts them oldest first.
	newestMessagesSQL = `SELECT ` + messageColumns + ` FROM messages WHERE thread_id = ?
		ORDER BY created_at DESC, rowid DESC LIMIT ?`
	messageSQL        = `SELECT ` + messageColumns + ` FROM messages WHERE id = ?`
	idempotencyKeySQL = `SELECT user_id, key, request, message_id, decision, created_at, expires_at
		FROM idempotency_keys WHERE user_id = ? AND key = ?`

	insertMessageSQL = `INSERT INTO messages (id, thread_id, sender_id, text, action, decision_id, created_at, edited_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	updateMessageSQL = `UPDATE messages SET text = ?, action = ?, decision_id = ?, edited_at = ? WHERE id = ?`
	insertAuditSQL   = `INSERT INTO audit (decision_id, time, actor_id, subject, context, findings, action, flag, strike, rules, policy, detector)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertStrikeSQL = `INSERT INTO strikes (id, user_id, decision_id, rule, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)`
	insertCaseSQL   = `INSERT INTO cases (id, kind, status, user_id, decision_id, strike_id, channel, text, decision,
			appeal, note, resolver_id, created_at, resolved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	deleteExpiredKeysSQL = `DELETE FROM idempotency_keys WHERE user_id = ? AND expires_at <= ?`
	insertKeySQL         = `INSERT INTO idempotency_keys (user_id, key, request, message_id, decision, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
)

// prepare prepares the statements of db.st; on an error it closes those
// it prepared.
func (db *DB) prepare(ctx context.Context) error {
	st := &db.st
	for _, p := range []struct {
		pool  *sql.DB
		dst   **sql.Stmt
		query string
	}{
		{db.read, &st.userByToken, userByTokenSQL},
		{db.read, &st.thread, threadSQL},
		{db.read, &st.threadOrg, threadOrgSQL},
		{db.read, &st.org, orgSQL},
		{db.read, &st.contractsBetween, contractsSQL},
		{db.read, &st.strikes, strikesSQL},
		{db.read, &st.newestMessages, newestMessagesSQL},
		{db.read, &st.message, messageSQL},
		{db.read, &st.idempotencyKey, idempotencyKeySQL},

		{db.write, &st.insertMessage, insertMessageSQL},
		{db.write, &st.updateMessage, updateMessageSQL},
		{db.write, &st.insertAudit, insertAuditSQL},
		{db.write, &st.insertStrike, insertStrikeSQL},
		{db.write, &st.insertCase, insertCaseSQL},
		{db.write, &st.deleteExpiredKeys, deleteExpiredKeysSQL},
		{db.write, &st.insertKey, insertKeySQL},
		{db.write, &st.savepoint, `SAVEPOINT item`},
		{db.write, &st.release, `RELEASE item`},
		{db.write, &st.rollbackTo, `ROLLBACK TO item`},
	} {
		s, err := p.pool.PrepareContext(ctx, p.query)
		if err != nil {
			return errors.Join(fmt.Errorf("prepare %q: %w", p.query, err), st.close())
		}
		*p.dst = s
		st.all = append(st.all, s)
	}
	return nil
}

// close closes every prepared statement.
func (st *stmts) close() error {
	var errs []error
	for _, s := range st.all {
		errs = append(errs, s.Close())
	}
	st.all = nil
	return errors.Join(errs...)
}

// exec runs the write statement s in tx.
func exec(ctx context.Context, tx *sql.Tx, s *sql.Stmt, args ...any) (sql.Result, error) {
	ts := tx.StmtContext(ctx, s)
	defer ts.Close()
	return ts.ExecContext(ctx, args...)
}

// queryAll runs the read statement s in tx, or alone when tx is nil (one
// statement reads one snapshot), and returns its rows as scan reads them;
// an empty slice for none.
func queryAll[T any](ctx context.Context, tx *sql.Tx, s *sql.Stmt, scan func(sqlrows.Scanner) (T, error), args ...any) ([]T, error) {
	if tx != nil {
		s = tx.StmtContext(ctx, s)
		defer s.Close()
	}
	rows, err := s.QueryContext(ctx, args...)
	return sqlrows.Collect(rows, err, scan)
}

// lastMessages returns the thread's last limit messages (all when limit
// <= 0), oldest first, reading them in tx or alone when tx is nil.
func (db *DB) lastMessages(ctx context.Context, tx *sql.Tx, threadID string, limit int) ([]market.Message, error) {
	msgs, err := queryAll(ctx, tx, db.st.newestMessages, scanMessage, threadID, sqlLimit(limit))
	slices.Reverse(msgs)
	return msgs, err
}
