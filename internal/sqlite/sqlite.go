// Package sqlite implements market.Store on an SQLite database file, through
// the pure-Go driver modernc.org/sqlite, so that `chaperone serve` needs
// nothing installed.
//
// The database runs in WAL mode with synchronous=FULL: a write is fsynced to
// the WAL before its commit returns, so an acknowledged write survives the
// process being killed and the machine losing power. (synchronous=NORMAL
// would survive a killed process too, but not a power cut; the cost of FULL
// is one fsync per commit, which the writes committed together share.)
//
// Writes go through a pool of one connection whose transactions begin
// IMMEDIATE, used by one goroutine, the writer (see writer.go): SQLite has
// a single writer, so the writer runs the writes of this process in the
// order they come, committing those that queued up while it was busy
// together (group commit), and busy_timeout covers the writers of another
// process.
// Reads go through a separate pool of read-only connections, which WAL lets
// run alongside the writer.
//
// The schema comes from the embedded migrations/*.sql files, applied in
// order at Open and recorded in the schema_version table.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/chaperone-dev/chaperone/internal/market"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a market.Store on an SQLite database file. It is safe for
// concurrent use.
type DB struct {
	write *sql.DB // one connection, transactions BEGIN IMMEDIATE
	read  *sql.DB // read-only connections
	st    stmts   // the hot paths' statements, prepared at Open
	w     *writer // runs every write transaction, on write
}

var _ market.Store = (*DB)(nil)

// busyTimeout is how long, in milliseconds, a connection waits for a lock
// that another process holds before it fails with SQLITE_BUSY.
const busyTimeout = 5000

// Open opens the SQLite database at path, creating the file and its parent
// directory when they do not exist, and brings its schema up to date.
func Open(path string) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open sqlite: %q is not a file path", path)
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open sqlite %s: the path may not contain ? or #", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	params := fmt.Sprintf("_busy_timeout=%d&_foreign_keys=1&_journal_mode=WAL&_synchronous=FULL", busyTimeout)
	write, err := sql.Open("sqlite", path+"?"+params+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", path+"?"+params+"&_query_only=1")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db := &DB{write: write, read: read}
	if err := db.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := db.prepare(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.w = newWriter(db.write, db.st.savepoint, db.st.release, db.st.rollbackTo)
	return db, nil
}

// Close waits for the writes already queued, then closes the prepared
// statements and the database. Writes after Close fail.
func (db *DB) Close() error {
	if db.w != nil {
		db.w.close()
	}
	return errors.Join(db.st.close(), db.read.Close(), db.write.Close())
}

// migrate applies, in one transaction, the embedded migrations newer than
// the database's schema version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	latest := 0
	for _, name := range names {
		version, err := migrationVersion(name)
		if err != nil {
			return err
		}
		latest = max(latest, version)
		if version <= current {
			continue
		}
		text, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, string(text)); err != nil {
			return fmt.Errorf("migrate: %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, version); err != nil {
			return fmt.Errorf("migrate: %s: %w", name, err)
		}
	}
	if current > latest {
		return fmt.Errorf("migrate: the database's schema version %d is newer than this program's %d", current, latest)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// migrationVersion returns the number that starts a migration's file name,
// as in migrations/0001_init.sql.
func migrationVersion(name string) (int, error) {
	base := filepath.Base(name)
	digits, _, _ := strings.Cut(base, "_")
	v, err := strconv.Atoi(digits)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("migrate: %s: the name does not start with a version number", name)
	}
	return v, nil
}

// update runs fn in a write transaction, through the writer, and returns
// once the transaction has committed or fn has failed; fn's changes are
// then rolled back. fn runs on the writer's goroutine with the writer's
// context, which it must use rather than the caller's; it may run again
// (in a transaction of its own) when the transaction it shared with other
// writes broke, so it must do nothing but its statements in tx.
func (db *DB) update(ctx context.Context, op string, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := db.w.do(ctx, fn); err != nil {
		return storeError(op, err)
	}
	return nil
}

// view runs fn in a read-only transaction, which sees one snapshot.
func (db *DB) view(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%s: begin: %w", op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return storeError(op, err)
	}
	return nil
}

// storeError turns constraint violations into market errors: a duplicate
// key is a Conflict, a reference to a missing row is NotFound. Other errors
// are wrapped with op.
func storeError(op string, err error) error {
	var me *market.Error
	if errors.As(err, &me) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &market.Error{Code: market.Conflict, Message: conflictMessage(se.Error()), Err: fmt.Errorf("%s: %w", op, err)}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &market.Error{Code: market.NotFound, Message: "a record it refers to does not exist", Err: fmt.Errorf("%s: %w", op, err)}
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// conflictMessage says which unique key a constraint error is about.
func conflictMessage(msg string) string {
	switch {
	case strings.Contains(msg, "users.email_key"):
		return "a user with this email already exists"
	case strings.Contains(msg, "reviews.contract_id"):
		return "this contract already has a review by this author"
	case strings.Contains(msg, "tokens.hash"):
		return "this token already exists"
	case strings.Contains(msg, "idempotency_keys."):
		return "this idempotency key was already used"
	}
	return "it already exists"
}

// notFound returns a NotFound error for a missing what.
func notFound(what, id string) error {
	return market.Errorf(market.NotFound, "%s %s not found", what, id)
}

// one maps sql.ErrNoRows from a single-row query to NotFound.
func one(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what, id)
	}
	return err
}

// affected returns NotFound when res changed no row.
func affected(res sql.Result, what, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(what, id)
	}
	return nil
}

// Users and tokens.

// CreateUser inserts u, and org first when it is not nil; u.OrgID must
// then be org.ID. A duplicate id or email (case-insensitive) is a Conflict.
func (db *DB) CreateUser(ctx context.Context, u *market.User, org *market.Org) error {
	if org != nil && u.OrgID != org.ID {
		return market.Errorf(market.Invalid, "the user's organisation %q is not the new organisation %q", u.OrgID, org.ID)
	}
	return db.update(ctx, "create user", func(ctx context.Context, tx *sql.Tx) error {
		if org != nil {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO orgs (id, name, plan, created_at) VALUES (?, ?, ?, ?)`,
				org.ID, org.Name, string(org.Plan), timeText(org.CreatedAt)); err != nil {
				return fmt.Errorf("insert org: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO users (id, email, email_key, name, role, org_id, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Email, emailKey(u.Email), u.Name, string(u.Role), nullable(u.OrgID), u.PasswordHash, timeText(u.CreatedAt))
		return err
	})
}

// emailKey is the form of an email that lookups and uniqueness compare.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

const userColumns = `u.id, u.email, u.name, u.role, u.org_id, u.password_hash, u.created_at`

func scanUser(row interface{ Scan(...any) error }) (*market.User, error) {
	var u market.User
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, str{&u.OrgID}, &u.PasswordHash, tm{&u.CreatedAt}); err != nil {
		return nil, err
	}
	return &u, nil
}

// User returns the user id.
func (db *DB) User(ctx context.Context, id string) (*market.User, error) {
	var u *market.User
	err := db.view(ctx, "user", func(tx *sql.Tx) (err error) {
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
		return one(err, "user", id)
	})
	return u, err
}

// UserByEmail returns the user whose email is email, case-insensitively.
func (db *DB) UserByEmail(ctx context.Context, email string) (*market.User, error) {
	var u *market.User
	err := db.view(ctx, "user by email", func(tx *sql.Tx) (err error) {
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email_key = ?`, emailKey(email)))
		if errors.Is(err, sql.ErrNoRows) {
			return market.Errorf(market.NotFound, "no user with this email")
		}
		return err
	})
	return u, err
}

// CreateToken stores a login token; a duplicate hash is a Conflict.
func (db *DB) CreateToken(ctx context.Context, t market.Token) error {
	return db.update(ctx, "create token", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)`,
			t.Hash, t.UserID, timeText(t.CreatedAt))
		return err
	})
}

// UserByToken returns the user of the unrevoked token hash.
func (db *DB) UserByToken(ctx context.Context, hash string) (*market.User, error) {
	u, err := scanUser(db.st.userByToken.QueryRowContext(ctx, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, market.Errorf(market.NotFound, "no such token")
	}
	if err != nil {
		return nil, fmt.Errorf("user by token: %w", err)
	}
	return u, nil
}

// RevokeToken revokes the token hash; revoking it again does nothing.
func (db *DB) RevokeToken(ctx context.Context, hash string) error {
	return db.update(ctx, "revoke token", func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked = 1 WHERE hash = ?`, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return market.Errorf(market.NotFound, "no such token")
		}
		return nil
	})
}

// Organisations.

// Org returns the organisation id.
func (db *DB) Org(ctx context.Context, id string) (*market.Org, error) {
	o, err := scanOrg(db.st.org.QueryRowContext(ctx, id))
	if err != nil {
		return nil, storeError("org", one(err, "organisation", id))
	}
	return &o, nil
}

func scanOrg(row interface{ Scan(...any) error }) (market.Org, error) {
	var o market.Org
	err := row.Scan(&o.ID, &o.Name, &o.Plan, tm{&o.CreatedAt})
	return o, err
}

// SetPlan sets the plan of the organisation orgID.
func (db *DB) SetPlan(ctx context.Context, orgID string, plan market.Plan) error {
	return db.update(ctx, "set plan", func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE orgs SET plan = ? WHERE id = ?`, string(plan), orgID)
		if err != nil {
			return err
		}
		return affected(res, "organisation", orgID)
	})
}

// RenameOrg renames the organisation orgID and writes rec.
func (db *DB) RenameOrg(ctx context.Context, orgID, name string, rec market.Record) error {
	return db.update(ctx, "rename org", func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE orgs SET name = ? WHERE id = ?`, name, orgID)
		if err != nil {
			return err
		}
		if err := affected(res, "organisation", orgID); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// Profiles.

// PutProfile creates or replaces the profile of p.UserID and writes rec.
func (db *DB) PutProfile(ctx context.Context, p *market.Profile, rec market.Record) error {
	return db.update(ctx, "put profile", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO profiles (user_id, name, title, overview, search, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET
				name = excluded.name, title = excluded.title,
				overview = excluded.overview, search = excluded.search, updated_at = excluded.updated_at`,
			p.UserID, p.Name, p.Title, p.Overview, profileSearchText(p), timeText(p.UpdatedAt)); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// Profile returns the profile of the user userID.
func (db *DB) Profile(ctx context.Context, userID string) (*market.Profile, error) {
	var p market.Profile
	err := db.view(ctx, "profile", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			`SELECT user_id, name, title, overview, updated_at FROM profiles WHERE user_id = ?`, userID).
			Scan(&p.UserID, &p.Name, &p.Title, &p.Overview, tm{&p.UpdatedAt})
		return one(err, "profile", userID)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Jobs.

// jobSearchText is what SearchJobs matches the words of a query against.
// The newline keeps a word from matching across title and description.
func jobSearchText(j *market.Job) string {
	return strings.ToLower(j.Title + "\n" + j.Description)
}

// CreateJob inserts j and writes rec.
func (db *DB) CreateJob(ctx context.Context, j *market.Job, rec market.Record) error {
	return db.update(ctx, "create job", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO jobs (id, org_id, client_id, title, description, budget, search, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			j.ID, j.OrgID, j.ClientID, j.Title, j.Description, j.Budget, jobSearchText(j),
			timeText(j.CreatedAt), timeText(j.UpdatedAt)); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// UpdateJob replaces the title, description, budget and UpdatedAt of the
// job j.ID and writes rec.
func (db *DB) UpdateJob(ctx context.Context, j *market.Job, rec market.Record) error {
	return db.update(ctx, "update job", func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE jobs SET title = ?, description = ?, budget = ?, search = ?, updated_at = ? WHERE id = ?`,
			j.Title, j.Description, j.Budget, jobSearchText(j), timeText(j.UpdatedAt), j.ID)
		if err != nil {
			return err
		}
		if err := affected(res, "job", j.ID); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// Job returns the job id.
func (db *DB) Job(ctx context.Context, id string) (*market.Job, error) {
	var j market.Job
	err := db.view(ctx, "job", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			`SELECT id, org_id, client_id, title, description, budget, created_at, updated_at FROM jobs WHERE id = ?`, id).
			Scan(&j.ID, &j.OrgID, &j.ClientID, &j.Title, &j.Description, &j.Budget, tm{&j.CreatedAt}, tm{&j.UpdatedAt})
		return one(err, "job", id)
	})
	if err != nil {
		return nil, err
	}
	return &j, nil
}

// SearchJobs returns up to limit tiles (all when limit <= 0), newest
// first, of the jobs whose title or description contains every word of q,
// case-insensitively.
func (db *DB) SearchJobs(ctx context.Context, q string, limit int) ([]market.JobTile, error) {
	query := `SELECT j.id, j.title, j.budget, j.created_at, o.id, o.name, o.plan
		FROM jobs j JOIN orgs o ON o.id = j.org_id WHERE 1 = 1`
	var args []any
	for _, w := range strings.Fields(strings.ToLower(q)) {
		query += ` AND j.search LIKE ? ESCAPE '\'`
		args = append(args, "%"+escapeLike(w)+"%")
	}
	query += ` ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`
	args = append(args, sqlLimit(limit))
	tiles := []market.JobTile{}
	err := db.view(ctx, "search jobs", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t market.JobTile
			var plan string
			if err := rows.Scan(&t.ID, &t.Title, &t.Budget, tm{&t.CreatedAt}, &t.Client.OrgID, &t.Client.Org, &plan); err != nil {
				return err
			}
			t.Client.Enterprise = market.Plan(plan) == market.Enterprise
			tiles = append(tiles, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return tiles, nil
}

// escapeLike escapes the LIKE wildcards of s, with \ as the escape.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// sqlLimit is SQLite's LIMIT for limit: -1, no limit, when limit <= 0.
func sqlLimit(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
}

// Threads and messages.

// CreateThread inserts t.
func (db *DB) CreateThread(ctx context.Context, t *market.Thread) error {
	return db.update(ctx, "create thread", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO threads (id, org_id, client_id, freelancer_id, job_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, t.OrgID, t.ClientID, t.FreelancerID, nullable(t.JobID), timeText(t.CreatedAt))
		return err
	})
}

const threadColumns = `id, org_id, client_id, freelancer_id, job_id, created_at`

func scanThread(row interface{ Scan(...any) error }) (market.Thread, error) {
	var t market.Thread
	err := row.Scan(&t.ID, &t.OrgID, &t.ClientID, &t.FreelancerID, str{&t.JobID}, tm{&t.CreatedAt})
	return t, err
}

// Thread returns the thread id.
func (db *DB) Thread(ctx context.Context, id string) (*market.Thread, error) {
	t, err := scanThread(db.st.thread.QueryRowContext(ctx, id))
	if err != nil {
		return nil, storeError("thread", one(err, "thread", id))
	}
	return &t, nil
}

// ThreadsOf returns the threads whose client or freelancer is userID,
// newest first.
func (db *DB) ThreadsOf(ctx context.Context, userID string) ([]market.Thread, error) {
	threads := []market.Thread{}
	err := db.view(ctx, "threads of user", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT `+threadColumns+` FROM threads WHERE client_id = ? OR freelancer_id = ?
			ORDER BY created_at DESC, rowid DESC`, userID, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanThread(rows)
			if err != nil {
				return err
			}
			threads = append(threads, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return threads, nil
}

// CreateMessage inserts m and writes rec.
func (db *DB) CreateMessage(ctx context.Context, m *market.Message, rec market.Record) error {
	return db.update(ctx, "create message", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := exec(ctx, tx, db.st.insertMessage,
			m.ID, m.ThreadID, m.SenderID, m.Text, m.Action, m.DecisionID, timeText(m.CreatedAt), timePtr(m.EditedAt)); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// UpdateMessage replaces the text, action, decision id and EditedAt of the
// message m.ID and writes rec.
func (db *DB) UpdateMessage(ctx context.Context, m *market.Message, rec market.Record) error {
	return db.update(ctx, "update message", func(ctx context.Context, tx *sql.Tx) error {
		res, err := exec(ctx, tx, db.st.updateMessage, m.Text, m.Action, m.DecisionID, timePtr(m.EditedAt), m.ID)
		if err != nil {
			return err
		}
		if err := affected(res, "message", m.ID); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

const messageColumns = `id, thread_id, sender_id, text, action, decision_id, created_at, edited_at`

func scanMessage(row interface{ Scan(...any) error }) (market.Message, error) {
	var m market.Message
	err := row.Scan(&m.ID, &m.ThreadID, &m.SenderID, &m.Text, &m.Action, &m.DecisionID, tm{&m.CreatedAt}, tmPtr{&m.EditedAt})
	return m, err
}

// Message returns the message id.
func (db *DB) Message(ctx context.Context, id string) (*market.Message, error) {
	m, err := scanMessage(db.st.message.QueryRowContext(ctx, id))
	if err != nil {
		return nil, storeError("message", one(err, "message", id))
	}
	return &m, nil
}

// Messages returns the last limit messages of the thread (all when
// limit <= 0), oldest first.
func (db *DB) Messages(ctx context.Context, threadID string, limit int) ([]market.Message, error) {
	msgs, err := db.lastMessages(ctx, nil, threadID, limit)
	if err != nil {
		return nil, storeError("messages", err)
	}
	return msgs, nil
}

// ThreadState returns in one read transaction the thread threadID with
// its organisation, the contracts between them, the strikes of userID
// since since and the thread's last limit messages.
func (db *DB) ThreadState(ctx context.Context, threadID, userID string, since time.Time, limit int) (*market.ThreadState, error) {
	var ts market.ThreadState
	err := db.view(ctx, "thread state", func(tx *sql.Tx) error {
		s := tx.StmtContext(ctx, db.st.threadOrg)
		defer s.Close()
		t, o := &ts.Thread, &ts.Org
		err := s.QueryRowContext(ctx, threadID).Scan(&t.ID, &t.OrgID, &t.ClientID, &t.FreelancerID, str{&t.JobID}, tm{&t.CreatedAt},
			&o.ID, &o.Name, &o.Plan, tm{&o.CreatedAt})
		if err != nil {
			return one(err, "thread", threadID)
		}
		if ts.Contracts, err = queryAll(ctx, tx, db.st.contractsBetween, scanContract, t.OrgID, t.FreelancerID); err != nil {
			return fmt.Errorf("contracts: %w", err)
		}
		if ts.Strikes, err = queryAll(ctx, tx, db.st.strikes, scanStrike, userID, timeText(since)); err != nil {
			return fmt.Errorf("strikes: %w", err)
		}
		if ts.Messages, err = db.lastMessages(ctx, tx, threadID, limit); err != nil {
			return fmt.Errorf("messages: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &ts, nil
}

// Proposals, contracts and reviews.

// CreateProposal inserts p and writes rec.
func (db *DB) CreateProposal(ctx context.Context, p *market.Proposal, rec market.Record) error {
	return db.update(ctx, "create proposal", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO proposals (id, job_id, freelancer_id, cover_letter, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.ID, p.JobID, p.FreelancerID, p.CoverLetter, timeText(p.CreatedAt)); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// Proposals returns the proposals to the job jobID, newest first.
func (db *DB) Proposals(ctx context.Context, jobID string) ([]market.Proposal, error) {
	proposals := []market.Proposal{}
	err := db.view(ctx, "proposals", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT id, job_id, freelancer_id, cover_letter, created_at FROM proposals WHERE job_id = ?
			ORDER BY created_at DESC, rowid DESC`, jobID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p market.Proposal
			if err := rows.Scan(&p.ID, &p.JobID, &p.FreelancerID, &p.CoverLetter, tm{&p.CreatedAt}); err != nil {
				return err
			}
			proposals = append(proposals, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return proposals, nil
}

// CreateContract inserts c.
func (db *DB) CreateContract(ctx context.Context, c *market.Contract) error {
	return db.update(ctx, "create contract", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO contracts (id, org_id, client_id, freelancer_id, job_id, state, starts_at, accepted_at, ended_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.ClientID, c.FreelancerID, nullable(c.JobID), string(c.State),
			timePtr(c.StartsAt), timePtr(c.AcceptedAt), timePtr(c.EndedAt), timeText(c.CreatedAt))
		return err
	})
}

const contractColumns = `id, org_id, client_id, freelancer_id, job_id, state, starts_at, accepted_at, ended_at, created_at`

func scanContract(row interface{ Scan(...any) error }) (market.Contract, error) {
	var c market.Contract
	err := row.Scan(&c.ID, &c.OrgID, &c.ClientID, &c.FreelancerID, str{&c.JobID}, &c.State,
		tmPtr{&c.StartsAt}, tmPtr{&c.AcceptedAt}, tmPtr{&c.EndedAt}, tm{&c.CreatedAt})
	return c, err
}

// Contract returns the contract id.
func (db *DB) Contract(ctx context.Context, id string) (*market.Contract, error) {
	var c market.Contract
	err := db.view(ctx, "contract", func(tx *sql.Tx) (err error) {
		c, err = scanContract(tx.QueryRowContext(ctx, `SELECT `+contractColumns+` FROM contracts WHERE id = ?`, id))
		return one(err, "contract", id)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// UpdateContract replaces the state, AcceptedAt and EndedAt of the
// contract c.ID.
func (db *DB) UpdateContract(ctx context.Context, c *market.Contract) error {
	return db.update(ctx, "update contract", func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE contracts SET state = ?, accepted_at = ?, ended_at = ? WHERE id = ?`,
			string(c.State), timePtr(c.AcceptedAt), timePtr(c.EndedAt), c.ID)
		if err != nil {
			return err
		}
		return affected(res, "contract", c.ID)
	})
}

// ContractsBetween returns the contracts between the organisation orgID
// and the freelancer freelancerID, newest first.
func (db *DB) ContractsBetween(ctx context.Context, orgID, freelancerID string) ([]market.Contract, error) {
	contracts, err := queryAll(ctx, nil, db.st.contractsBetween, scanContract, orgID, freelancerID)
	if err != nil {
		return nil, storeError("contracts between", err)
	}
	return contracts, nil
}

// CreateReview inserts r and writes rec. A second review of a contract by
// the same author is a Conflict.
func (db *DB) CreateReview(ctx context.Context, r *market.Review, rec market.Record) error {
	return db.update(ctx, "create review", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO reviews (id, contract_id, author_id, subject_id, rating, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.ContractID, r.AuthorID, r.SubjectID, r.Rating, r.Text, timeText(r.CreatedAt)); err != nil {
			return err
		}
		return db.writeRecord(ctx, tx, rec)
	})
}

// Reviews returns the reviews of the user subjectID, newest first.
func (db *DB) Reviews(ctx context.Context, subjectID string) ([]market.Review, error) {
	reviews := []market.Review{}
	err := db.view(ctx, "reviews", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT id, contract_id, author_id, subject_id, rating, text, created_at FROM reviews WHERE subject_id = ?
			ORDER BY created_at DESC, rowid DESC`, subjectID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r market.Review
			if err := rows.Scan(&r.ID, &r.ContractID, &r.AuthorID, &r.SubjectID, &r.Rating, &r.Text, tm{&r.CreatedAt}); err != nil {
				return err
			}
			reviews = append(reviews, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return reviews, nil
}

// Decisions, cases and strikes.

// RecordDecision writes rec alone, for a decision that stored no text.
func (db *DB) RecordDecision(ctx context.Context, rec market.Record) error {
	return db.update(ctx, "record decision", func(ctx context.Context, tx *sql.Tx) error {
		return db.writeRecord(ctx, tx, rec)
	})
}

// writeRecord writes the audit entry of rec, then its strike and its case
// when they are not nil (the strike first: the case may refer to it).
func (db *DB) writeRecord(ctx context.Context, tx *sql.Tx, rec market.Record) error {
	for _, also := range rec.Also {
		if err := db.writeRecord(ctx, tx, also); err != nil {
			return err
		}
	}
	a := rec.Audit
	if a.DecisionID == "" {
		return market.Errorf(market.Invalid, "a record needs the decision id of its audit entry")
	}
	rules, err := json.Marshal(a.Rules)
	if err != nil {
		return fmt.Errorf("encode rules: %w", err)
	}
	if _, err := exec(ctx, tx, db.st.insertAudit,
		a.DecisionID, timeText(a.Time), a.ActorID, a.Subject, jsonArg(a.Context), jsonArg(a.Findings),
		a.Action, a.Flag, a.Strike, string(rules), a.Policy, a.Detector); err != nil {
		return fmt.Errorf("insert audit entry: %w", err)
	}
	if rec.Strike != nil {
		if err := db.insertStrike(ctx, tx, rec.Strike); err != nil {
			return err
		}
	}
	if rec.Case != nil {
		if err := db.insertCase(ctx, tx, rec.Case); err != nil {
			return err
		}
	}
	if rec.Key != nil {
		if err := db.insertKey(ctx, tx, rec.Key); err != nil {
			return err
		}
	}
	return nil
}

// insertKey binds an idempotency key to the write of its transaction,
// first deleting the user's expired keys: an expired key may be used
// again, and a user keeps no more keys than they use in a window. A key
// in force is a Conflict.
func (db *DB) insertKey(ctx context.Context, tx *sql.Tx, k *market.IdempotencyKey) error {
	if _, err := exec(ctx, tx, db.st.deleteExpiredKeys, k.UserID, timeText(k.CreatedAt)); err != nil {
		return fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	if _, err := exec(ctx, tx, db.st.insertKey,
		k.UserID, k.Key, k.Request, nullable(k.MessageID), string(k.Decision), timeText(k.CreatedAt), timeText(k.ExpiresAt)); err != nil {
		return fmt.Errorf("insert idempotency key: %w", err)
	}
	return nil
}

// IdempotencyKey returns the user's idempotency key key, expired or not.
func (db *DB) IdempotencyKey(ctx context.Context, userID, key string) (*market.IdempotencyKey, error) {
	var k market.IdempotencyKey
	err := db.st.idempotencyKey.QueryRowContext(ctx, userID, key).
		Scan(&k.UserID, &k.Key, &k.Request, str{&k.MessageID}, js{&k.Decision}, tm{&k.CreatedAt}, tm{&k.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, market.Errorf(market.NotFound, "no such idempotency key")
	}
	if err != nil {
		return nil, fmt.Errorf("idempotency key: %w", err)
	}
	return &k, nil
}

// Audit returns the audit entry of the decision decisionID.
func (db *DB) Audit(ctx context.Context, decisionID string) (*market.AuditEntry, error) {
	var a market.AuditEntry
	err := db.view(ctx, "audit", func(tx *sql.Tx) error {
		var rules string
		err := tx.QueryRowContext(ctx,
			`SELECT decision_id, time, actor_id, subject, context, findings, action, flag, strike, rules, policy, detector
			FROM audit WHERE decision_id = ?`, decisionID).
			Scan(&a.DecisionID, tm{&a.Time}, &a.ActorID, &a.Subject, js{&a.Context}, js{&a.Findings},
				&a.Action, &a.Flag, &a.Strike, &rules, &a.Policy, &a.Detector)
		if err != nil {
			return one(err, "decision", decisionID)
		}
		if err := json.Unmarshal([]byte(rules), &a.Rules); err != nil {
			return fmt.Errorf("decode rules: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func (db *DB) insertStrike(ctx context.Context, tx *sql.Tx, s *market.Strike) error {
	if _, err := exec(ctx, tx, db.st.insertStrike,
		s.ID, s.UserID, s.DecisionID, s.Rule, timeText(s.CreatedAt), timePtr(s.RemovedAt)); err != nil {
		return fmt.Errorf("insert strike: %w", err)
	}
	return nil
}

func (db *DB) insertCase(ctx context.Context, tx *sql.Tx, c *market.Case) error {
	if _, err := exec(ctx, tx, db.st.insertCase,
		c.ID, string(c.Kind), string(c.Status), c.UserID, c.DecisionID, nullable(c.StrikeID), c.Channel, c.Text,
		jsonArg(c.Decision), c.Appeal, c.Note, nullable(c.ResolverID), timeText(c.CreatedAt), timePtr(c.ResolvedAt)); err != nil {
		return fmt.Errorf("insert case: %w", err)
	}
	return nil
}

// CreateCase inserts c.
func (db *DB) CreateCase(ctx context.Context, c *market.Case) error {
	return db.update(ctx, "create case", func(ctx context.Context, tx *sql.Tx) error {
		return db.insertCase(ctx, tx, c)
	})
}

const caseColumns = `id, kind, status, user_id, decision_id, strike_id, channel, text, decision,
	appeal, note, resolver_id, created_at, resolved_at`

func scanCase(row interface{ Scan(...any) error }) (market.Case, error) {
	var c market.Case
	err := row.Scan(&c.ID, &c.Kind, &c.Status, &c.UserID, &c.DecisionID, str{&c.StrikeID}, &c.Channel, &c.Text,
		js{&c.Decision}, &c.Appeal, &c.Note, str{&c.ResolverID}, tm{&c.CreatedAt}, tmPtr{&c.ResolvedAt})
	return c, err
}

// Case returns the case id.
func (db *DB) Case(ctx context.Context, id string) (*market.Case, error) {
	var c market.Case
	err := db.view(ctx, "case", func(tx *sql.Tx) (err error) {
		c, err = scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, id))
		return one(err, "case", id)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Cases returns the cases f selects, oldest first (the queue's order): of
// f.Status, or all when it is empty; up to f.Limit, or all when it is 0.
func (db *DB) Cases(ctx context.Context, f market.CaseFilter) ([]market.Case, error) {
	cases := []market.Case{}
	err := db.view(ctx, "cases", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT `+caseColumns+` FROM cases WHERE (? = '' OR status = ?) AND (? = '' OR user_id = ?)
			ORDER BY created_at, rowid LIMIT ?`, string(f.Status), string(f.Status), f.UserID, f.UserID, sqlLimit(f.Limit))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCase(rows)
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return cases, nil
}

// ResolveCase sets the status, note, resolver and ResolvedAt of the open
// case c.ID, and removes its strike, as of c.ResolvedAt, when c.Status is
// dismissed. Resolving a case that is not open is a Conflict.
func (db *DB) ResolveCase(ctx context.Context, c *market.Case) error {
	if c.Status != market.CaseUpheld && c.Status != market.CaseDismissed {
		return market.Errorf(market.Invalid, "a case is resolved as upheld or dismissed, not %q", c.Status)
	}
	if c.ResolvedAt == nil {
		return market.Errorf(market.Invalid, "a resolved case needs the time it was resolved")
	}
	return db.update(ctx, "resolve case", func(ctx context.Context, tx *sql.Tx) error {
		// The status test in the UPDATE makes resolving atomic: of two
		// moderators resolving the case at once, the second finds it
		// resolved.
		var strikeID string
		err := tx.QueryRowContext(ctx, `UPDATE cases SET status = ?, note = ?, resolver_id = ?, resolved_at = ?
			WHERE id = ? AND status = 'open' RETURNING strike_id`,
			string(c.Status), c.Note, nullable(c.ResolverID), timePtr(c.ResolvedAt), c.ID).Scan(str{&strikeID})
		if errors.Is(err, sql.ErrNoRows) {
			var status market.CaseStatus
			if err := tx.QueryRowContext(ctx, `SELECT status FROM cases WHERE id = ?`, c.ID).Scan(&status); err != nil {
				return one(err, "case", c.ID)
			}
			return market.Errorf(market.Conflict, "case %s is already %s", c.ID, status)
		}
		if err != nil {
			return err
		}
		if c.Status == market.CaseDismissed && strikeID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE strikes SET removed_at = ? WHERE id = ? AND removed_at IS NULL`,
				timePtr(c.ResolvedAt), strikeID); err != nil {
				return fmt.Errorf("remove strike: %w", err)
			}
		}
		return nil
	})
}

const strikeColumns = `id, user_id, decision_id, rule, created_at, removed_at`

func scanStrike(row interface{ Scan(...any) error }) (market.Strike, error) {
	var s market.Strike
	err := row.Scan(&s.ID, &s.UserID, &s.DecisionID, &s.Rule, tm{&s.CreatedAt}, tmPtr{&s.RemovedAt})
	return s, err
}

// Strike returns the strike id, removed or not.
func (db *DB) Strike(ctx context.Context, id string) (*market.Strike, error) {
	var s market.Strike
	err := db.view(ctx, "strike", func(tx *sql.Tx) (err error) {
		s, err = scanStrike(tx.QueryRowContext(ctx, `SELECT `+strikeColumns+` FROM strikes WHERE id = ?`, id))
		return one(err, "strike", id)
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// Strikes returns the user's strikes created at or after since and not
// removed, oldest first.
func (db *DB) Strikes(ctx context.Context, userID string, since time.Time) ([]market.Strike, error) {
	strikes, err := queryAll(ctx, nil, db.st.strikes, scanStrike, userID, timeText(since))
	if err != nil {
		return nil, storeError("strikes", err)
	}
	return strikes, nil
}

// Column conversions.

// timeLayout is RFC 3339 in UTC with a fixed nine-digit fraction, so that
// the text order of stored times is their time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

// timePtr is the column value of an optional time: NULL for nil.
func timePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return timeText(*t)
}

// nullable is the column value of an optional reference: NULL for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonArg is the column value of a JSON document: NULL for none.
func jsonArg(m json.RawMessage) any {
	if m == nil {
		return nil
	}
	return string(m)
}

// text returns a TEXT column's value as a string.
func text(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", fmt.Errorf("want text, got %T", v)
}

// tm scans a time stored by timeText.
type tm struct{ t *time.Time }

func (c tm) Scan(v any) error {
	s, err := text(v)
	if err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*c.t = t.UTC()
	return nil
}

// tmPtr scans an optional time: nil for NULL.
type tmPtr struct{ t **time.Time }

func (c tmPtr) Scan(v any) error {
	if v == nil {
		*c.t = nil
		return nil
	}
	var t time.Time
	if err := (tm{&t}).Scan(v); err != nil {
		return err
	}
	*c.t = &t
	return nil
}

// str scans an optional reference: "" for NULL.
type str struct{ s *string }

func (c str) Scan(v any) error {
	if v == nil {
		*c.s = ""
		return nil
	}
	s, err := text(v)
	*c.s = s
	return err
}

// js scans a JSON document: nil for NULL.
type js struct{ m *json.RawMessage }

func (c js) Scan(v any) error {
	if v == nil {
		*c.m = nil
		return nil
	}
	s, err := text(v)
	*c.m = json.RawMessage(s)
	return err
}
