// Package postgres implements market.Store on PostgreSQL, through pgx's
// database/sql driver, for deployments where several `chaperone serve`
// processes share one database.
//
// The schema comes from the embedded migrations/*.sql files, applied in
// order at Open and recorded in the schema_version table. Replicas that
// start at once migrate one after the other: each holds a
// transaction-level advisory lock while it migrates, and the later ones
// then find the schema up to date.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/chaperone-dev/chaperone/internal/market"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a market.Store on a PostgreSQL database. It is safe for concurrent
// use.
type DB struct {
	db *sql.DB
}

var _ market.Store = (*DB)(nil)

// migrateLock is the key of the advisory lock held while migrating; any
// constant other programs on the same database do not use.
const migrateLock int64 = 0x63686170_6d696772 // "chapmigr"

// Open connects to the PostgreSQL database at url (a postgres:// URL or a
// key=value connection string) and brings its schema up to date.
func Open(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(5)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{db: pool}
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return db, nil
}

// Close closes the database's connections.
func (db *DB) Close() error {
	return db.db.Close()
}

// migrate applies, in one transaction under an advisory lock, the embedded
// migrations newer than the database's schema version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	// The lock is released when the transaction ends, committed or not.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, version); err != nil {
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

// update runs fn in a write transaction and commits it.
func (db *DB) update(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return storeError(op, err)
	}
	if err := tx.Commit(); err != nil {
		return storeError(op, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// view runs fn in a read-only transaction, which sees one snapshot
// (repeatable read).
func (db *DB) view(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
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
// key is a Conflict, a reference to a missing row is NotFound, text that
// PostgreSQL cannot hold (NUL, invalid UTF-8) is Invalid. Other errors are
// wrapped with op.
func storeError(op string, err error) error {
	var me *market.Error
	if errors.As(err, &me) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return &market.Error{Code: market.Conflict, Message: conflictMessage(pe.ConstraintName), Err: fmt.Errorf("%s: %w", op, err)}
		case "23503": // foreign_key_violation
			return &market.Error{Code: market.NotFound, Message: "a record it refers to does not exist", Err: fmt.Errorf("%s: %w", op, err)}
		case "22021": // character_not_in_repertoire: a NUL, or invalid UTF-8
			return &market.Error{Code: market.Invalid, Message: "text may not hold NUL characters or invalid UTF-8", Err: fmt.Errorf("%s: %w", op, err)}
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// conflictMessage says which unique key a constraint is.
func conflictMessage(constraint string) string {
	switch constraint {
	case "users_email_key_key":
		return "a user with this email already exists"
	case "reviews_contract_author_key":
		return "this contract already has a review by this author"
	case "tokens_pkey":
		return "this token already exists"
	case "idempotency_keys_pkey":
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
	return db.update(ctx, "create user", func(tx *sql.Tx) error {
		if org != nil {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO orgs (id, name, plan, created_at) VALUES ($1, $2, $3, $4)`,
				org.ID, org.Name, string(org.Plan), ts(org.CreatedAt)); err != nil {
				return fmt.Errorf("insert org: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO users (id, email, email_key, name, role, org_id, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			u.ID, u.Email, emailKey(u.Email), u.Name, string(u.Role), nullable(u.OrgID), u.PasswordHash, ts(u.CreatedAt))
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
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
		return one(err, "user", id)
	})
	return u, err
}

// UserByEmail returns the user whose email is email, case-insensitively.
func (db *DB) UserByEmail(ctx context.Context, email string) (*market.User, error) {
	var u *market.User
	err := db.view(ctx, "user by email", func(tx *sql.Tx) (err error) {
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email_key = $1`, emailKey(email)))
		if errors.Is(err, sql.ErrNoRows) {
			return market.Errorf(market.NotFound, "no user with this email")
		}
		return err
	})
	return u, err
}

// CreateToken stores a login token; a duplicate hash is a Conflict.
func (db *DB) CreateToken(ctx context.Context, t market.Token) error {
	return db.update(ctx, "create token", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, user_id, created_at) VALUES ($1, $2, $3)`,
			t.Hash, t.UserID, ts(t.CreatedAt))
		return err
	})
}

// UserByToken returns the user of the unrevoked token hash.
func (db *DB) UserByToken(ctx context.Context, hash string) (*market.User, error) {
	var u *market.User
	err := db.view(ctx, "user by token", func(tx *sql.Tx) (err error) {
		u, err = scanUser(tx.QueryRowContext(ctx,
			`SELECT `+userColumns+` FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND NOT t.revoked`, hash))
		if errors.Is(err, sql.ErrNoRows) {
			return market.Errorf(market.NotFound, "no such token")
		}
		return err
	})
	return u, err
}

// RevokeToken revokes the token hash; revoking it again does nothing.
func (db *DB) RevokeToken(ctx context.Context, hash string) error {
	return db.update(ctx, "revoke token", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked = true WHERE hash = $1`, hash)
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
	var o market.Org
	err := db.view(ctx, "org", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, name, plan, created_at FROM orgs WHERE id = $1`, id).
			Scan(&o.ID, &o.Name, &o.Plan, tm{&o.CreatedAt})
		return one(err, "organisation", id)
	})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// SetPlan sets the plan of the organisation orgID.
func (db *DB) SetPlan(ctx context.Context, orgID string, plan market.Plan) error {
	return db.update(ctx, "set plan", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE orgs SET plan = $1 WHERE id = $2`, string(plan), orgID)
		if err != nil {
			return err
		}
		return affected(res, "organisation", orgID)
	})
}

// RenameOrg renames the organisation orgID and writes rec.
func (db *DB) RenameOrg(ctx context.Context, orgID, name string, rec market.Record) error {
	return db.update(ctx, "rename org", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE orgs SET name = $1 WHERE id = $2`, name, orgID)
		if err != nil {
			return err
		}
		if err := affected(res, "organisation", orgID); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// Profiles.

// PutProfile creates or replaces the profile of p.UserID and writes rec.
func (db *DB) PutProfile(ctx context.Context, p *market.Profile, rec market.Record) error {
	return db.update(ctx, "put profile", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO profiles (user_id, name, title, overview, search, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (user_id) DO UPDATE SET
				name = excluded.name, title = excluded.title,
				overview = excluded.overview, search = excluded.search, updated_at = excluded.updated_at`,
			p.UserID, p.Name, p.Title, p.Overview, profileSearchText(p), ts(p.UpdatedAt)); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// Profile returns the profile of the user userID.
func (db *DB) Profile(ctx context.Context, userID string) (*market.Profile, error) {
	var p market.Profile
	err := db.view(ctx, "profile", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			`SELECT user_id, name, title, overview, updated_at FROM profiles WHERE user_id = $1`, userID).
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
	return db.update(ctx, "create job", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO jobs (id, org_id, client_id, title, description, budget, search, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			j.ID, j.OrgID, j.ClientID, j.Title, j.Description, j.Budget, jobSearchText(j),
			ts(j.CreatedAt), ts(j.UpdatedAt)); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// UpdateJob replaces the title, description, budget and UpdatedAt of the
// job j.ID and writes rec.
func (db *DB) UpdateJob(ctx context.Context, j *market.Job, rec market.Record) error {
	return db.update(ctx, "update job", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE jobs SET title = $1, description = $2, budget = $3, search = $4, updated_at = $5 WHERE id = $6`,
			j.Title, j.Description, j.Budget, jobSearchText(j), ts(j.UpdatedAt), j.ID)
		if err != nil {
			return err
		}
		if err := affected(res, "job", j.ID); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// Job returns the job id.
func (db *DB) Job(ctx context.Context, id string) (*market.Job, error) {
	var j market.Job
	err := db.view(ctx, "job", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			`SELECT id, org_id, client_id, title, description, budget, created_at, updated_at FROM jobs WHERE id = $1`, id).
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
		args = append(args, "%"+escapeLike(w)+"%")
		query += fmt.Sprintf(` AND j.search LIKE $%d ESCAPE '\'`, len(args))
	}
	args = append(args, sqlLimit(limit))
	query += fmt.Sprintf(` ORDER BY j.created_at DESC, j.seq DESC LIMIT $%d`, len(args))
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

// sqlLimit is the LIMIT for limit: NULL, no limit, when limit <= 0.
func sqlLimit(limit int) any {
	if limit <= 0 {
		return nil
	}
	return limit
}

// Threads and messages.

// CreateThread inserts t.
func (db *DB) CreateThread(ctx context.Context, t *market.Thread) error {
	return db.update(ctx, "create thread", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO threads (id, org_id, client_id, freelancer_id, job_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, t.OrgID, t.ClientID, t.FreelancerID, nullable(t.JobID), ts(t.CreatedAt))
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
	var t market.Thread
	err := db.view(ctx, "thread", func(tx *sql.Tx) (err error) {
		t, err = scanThread(tx.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM threads WHERE id = $1`, id))
		return one(err, "thread", id)
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// ThreadsOf returns the threads whose client or freelancer is userID,
// newest first.
func (db *DB) ThreadsOf(ctx context.Context, userID string) ([]market.Thread, error) {
	threads := []market.Thread{}
	err := db.view(ctx, "threads of user", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT `+threadColumns+` FROM threads WHERE client_id = $1 OR freelancer_id = $2
			ORDER BY created_at DESC, seq DESC`, userID, userID)
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
	return db.update(ctx, "create message", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO messages (id, thread_id, sender_id, text, action, decision_id, created_at, edited_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			m.ID, m.ThreadID, m.SenderID, m.Text, m.Action, m.DecisionID, ts(m.CreatedAt), timePtr(m.EditedAt)); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// UpdateMessage replaces the text, action, decision id and EditedAt of the
// message m.ID and writes rec.
func (db *DB) UpdateMessage(ctx context.Context, m *market.Message, rec market.Record) error {
	return db.update(ctx, "update message", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE messages SET text = $1, action = $2, decision_id = $3, edited_at = $4 WHERE id = $5`,
			m.Text, m.Action, m.DecisionID, timePtr(m.EditedAt), m.ID)
		if err != nil {
			return err
		}
		if err := affected(res, "message", m.ID); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

const messageColumns = `id, thread_id, sender_id, text, action, decision_id, created_at, edited_at`

// messagesSQL selects a thread's last messages, oldest first.
const messagesSQL = `SELECT ` + messageColumns + ` FROM (
	SELECT * FROM messages WHERE thread_id = $1
	ORDER BY created_at DESC, seq DESC LIMIT $2
) m ORDER BY created_at, seq`

func scanMessage(row interface{ Scan(...any) error }) (market.Message, error) {
	var m market.Message
	err := row.Scan(&m.ID, &m.ThreadID, &m.SenderID, &m.Text, &m.Action, &m.DecisionID, tm{&m.CreatedAt}, tmPtr{&m.EditedAt})
	return m, err
}

// Message returns the message id.
func (db *DB) Message(ctx context.Context, id string) (*market.Message, error) {
	var m market.Message
	err := db.view(ctx, "message", func(tx *sql.Tx) (err error) {
		m, err = scanMessage(tx.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = $1`, id))
		return one(err, "message", id)
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// Messages returns the last limit messages of the thread (all when
// limit <= 0), oldest first.
func (db *DB) Messages(ctx context.Context, threadID string, limit int) ([]market.Message, error) {
	var msgs []market.Message
	err := db.view(ctx, "messages", func(tx *sql.Tx) (err error) {
		msgs, err = queryAll(ctx, tx, scanMessage, messagesSQL, threadID, sqlLimit(limit))
		return err
	})
	if err != nil {
		return nil, err
	}
	return msgs, nil
}

// Proposals, contracts and reviews.

// CreateProposal inserts p and writes rec.
func (db *DB) CreateProposal(ctx context.Context, p *market.Proposal, rec market.Record) error {
	return db.update(ctx, "create proposal", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO proposals (id, job_id, freelancer_id, cover_letter, created_at) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, p.JobID, p.FreelancerID, p.CoverLetter, ts(p.CreatedAt)); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// Proposals returns the proposals to the job jobID, newest first.
func (db *DB) Proposals(ctx context.Context, jobID string) ([]market.Proposal, error) {
	proposals := []market.Proposal{}
	err := db.view(ctx, "proposals", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT id, job_id, freelancer_id, cover_letter, created_at FROM proposals WHERE job_id = $1
			ORDER BY created_at DESC, seq DESC`, jobID)
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
	return db.update(ctx, "create contract", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO contracts (id, org_id, client_id, freelancer_id, job_id, state, starts_at, accepted_at, ended_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			c.ID, c.OrgID, c.ClientID, c.FreelancerID, nullable(c.JobID), string(c.State),
			timePtr(c.StartsAt), timePtr(c.AcceptedAt), timePtr(c.EndedAt), ts(c.CreatedAt))
		return err
	})
}

const contractColumns = `id, org_id, client_id, freelancer_id, job_id, state, starts_at, accepted_at, ended_at, created_at`

// contractsSQL selects the contracts between an organisation and a
// freelancer, newest first.
const contractsSQL = `SELECT ` + contractColumns + ` FROM contracts WHERE org_id = $1 AND freelancer_id = $2
	ORDER BY created_at DESC, seq DESC`

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
		c, err = scanContract(tx.QueryRowContext(ctx, `SELECT `+contractColumns+` FROM contracts WHERE id = $1`, id))
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
	return db.update(ctx, "update contract", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE contracts SET state = $1, accepted_at = $2, ended_at = $3 WHERE id = $4`,
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
	var contracts []market.Contract
	err := db.view(ctx, "contracts between", func(tx *sql.Tx) (err error) {
		contracts, err = queryAll(ctx, tx, scanContract, contractsSQL, orgID, freelancerID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return contracts, nil
}

// CreateReview inserts r and writes rec. A second review of a contract by
// the same author is a Conflict.
func (db *DB) CreateReview(ctx context.Context, r *market.Review, rec market.Record) error {
	return db.update(ctx, "create review", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO reviews (id, contract_id, author_id, subject_id, rating, text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			r.ID, r.ContractID, r.AuthorID, r.SubjectID, r.Rating, r.Text, ts(r.CreatedAt)); err != nil {
			return err
		}
		return writeRecord(ctx, tx, rec)
	})
}

// Reviews returns the reviews of the user subjectID, newest first.
func (db *DB) Reviews(ctx context.Context, subjectID string) ([]market.Review, error) {
	reviews := []market.Review{}
	err := db.view(ctx, "reviews", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT id, contract_id, author_id, subject_id, rating, text, created_at FROM reviews WHERE subject_id = $1
			ORDER BY created_at DESC, seq DESC`, subjectID)
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
	return db.update(ctx, "record decision", func(tx *sql.Tx) error {
		return writeRecord(ctx, tx, rec)
	})
}

// writeRecord writes the audit entry of rec, then its strike and its case
// when they are not nil (the strike first: the case may refer to it).
func writeRecord(ctx context.Context, tx *sql.Tx, rec market.Record) error {
	for _, also := range rec.Also {
		if err := writeRecord(ctx, tx, also); err != nil {
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
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO audit (decision_id, time, actor_id, subject, context, findings, action, flag, strike, rules, policy, detector)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.DecisionID, ts(a.Time), a.ActorID, a.Subject, jsonArg(a.Context), jsonArg(a.Findings),
		a.Action, a.Flag, a.Strike, string(rules), a.Policy, a.Detector); err != nil {
		return fmt.Errorf("insert audit entry: %w", err)
	}
	if rec.Strike != nil {
		if err := insertStrike(ctx, tx, rec.Strike); err != nil {
			return err
		}
	}
	if rec.Case != nil {
		if err := insertCase(ctx, tx, rec.Case); err != nil {
			return err
		}
	}
	if rec.Key != nil {
		if err := insertKey(ctx, tx, rec.Key); err != nil {
			return err
		}
	}
	return nil
}

// insertKey binds an idempotency key to the write of its transaction,
// first deleting the user's expired keys: an expired key may be used
// again, and a user keeps no more keys than they use in a window. A key
// in force is a Conflict.
func insertKey(ctx context.Context, tx *sql.Tx, k *market.IdempotencyKey) error {
	if _, err := tx.ExecContext(ctx,
		`DELETE FROM idempotency_keys WHERE user_id = $1 AND expires_at <= $2`, k.UserID, ts(k.CreatedAt)); err != nil {
		return fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO idempotency_keys (user_id, key, request, message_id, decision, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		k.UserID, k.Key, k.Request, nullable(k.MessageID), string(k.Decision), ts(k.CreatedAt), ts(k.ExpiresAt)); err != nil {
		return fmt.Errorf("insert idempotency key: %w", err)
	}
	return nil
}

// IdempotencyKey returns the user's idempotency key key, expired or not.
func (db *DB) IdempotencyKey(ctx context.Context, userID, key string) (*market.IdempotencyKey, error) {
	var k market.IdempotencyKey
	err := db.view(ctx, "idempotency key", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx,
			`SELECT user_id, key, request, message_id, decision, created_at, expires_at
			FROM idempotency_keys WHERE user_id = $1 AND key = $2`, userID, key).
			Scan(&k.UserID, &k.Key, &k.Request, str{&k.MessageID}, js{&k.Decision}, tm{&k.CreatedAt}, tm{&k.ExpiresAt})
		if errors.Is(err, sql.ErrNoRows) {
			return market.Errorf(market.NotFound, "no such idempotency key")
		}
		return err
	})
	if err != nil {
		return nil, err
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
			FROM audit WHERE decision_id = $1`, decisionID).
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

func insertStrike(ctx context.Context, tx *sql.Tx, s *market.Strike) error {
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO strikes (id, user_id, decision_id, rule, created_at, removed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		s.ID, s.UserID, s.DecisionID, s.Rule, ts(s.CreatedAt), timePtr(s.RemovedAt)); err != nil {
		return fmt.Errorf("insert strike: %w", err)
	}
	return nil
}

func insertCase(ctx context.Context, tx *sql.Tx, c *market.Case) error {
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO cases (id, kind, status, user_id, decision_id, strike_id, channel, text, decision,
			appeal, note, resolver_id, created_at, resolved_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		c.ID, string(c.Kind), string(c.Status), c.UserID, c.DecisionID, nullable(c.StrikeID), c.Channel, c.Text,
		jsonArg(c.Decision), c.Appeal, c.Note, nullable(c.ResolverID), ts(c.CreatedAt), timePtr(c.ResolvedAt)); err != nil {
		return fmt.Errorf("insert case: %w", err)
	}
	return nil
}

// CreateCase inserts c.
func (db *DB) CreateCase(ctx context.Context, c *market.Case) error {
	return db.update(ctx, "create case", func(tx *sql.Tx) error {
		return insertCase(ctx, tx, c)
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
		c, err = scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
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
			`SELECT `+caseColumns+` FROM cases WHERE ($1 = '' OR status = $2) AND ($3 = '' OR user_id = $4)
			ORDER BY created_at, seq LIMIT $5`, string(f.Status), string(f.Status), f.UserID, f.UserID, sqlLimit(f.Limit))
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
	return db.update(ctx, "resolve case", func(tx *sql.Tx) error {
		// The status test in the UPDATE makes resolving atomic: of two
		// moderators resolving the case at once, the second finds it
		// resolved.
		var strikeID string
		err := tx.QueryRowContext(ctx, `UPDATE cases SET status = $1, note = $2, resolver_id = $3, resolved_at = $4
			WHERE id = $5 AND status = 'open' RETURNING strike_id`,
			string(c.Status), c.Note, nullable(c.ResolverID), timePtr(c.ResolvedAt), c.ID).Scan(str{&strikeID})
		if errors.Is(err, sql.ErrNoRows) {
			var status market.CaseStatus
			if err := tx.QueryRowContext(ctx, `SELECT status FROM cases WHERE id = $1`, c.ID).Scan(&status); err != nil {
				return one(err, "case", c.ID)
			}
			return market.Errorf(market.Conflict, "case %s is already %s", c.ID, status)
		}
		if err != nil {
			return err
		}
		if c.Status == market.CaseDismissed && strikeID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE strikes SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL`,
				timePtr(c.ResolvedAt), strikeID); err != nil {
				return fmt.Errorf("remove strike: %w", err)
			}
		}
		return nil
	})
}

const strikeColumns = `id, user_id, decision_id, rule, created_at, removed_at`

// strikesSQL selects a user's strikes since a time, oldest first.
const strikesSQL = `SELECT ` + strikeColumns + ` FROM strikes
	WHERE user_id = $1 AND created_at >= $2 AND removed_at IS NULL
	ORDER BY created_at, seq`

func scanStrike(row interface{ Scan(...any) error }) (market.Strike, error) {
	var s market.Strike
	err := row.Scan(&s.ID, &s.UserID, &s.DecisionID, &s.Rule, tm{&s.CreatedAt}, tmPtr{&s.RemovedAt})
	return s, err
}

// Strike returns the strike id, removed or not.
func (db *DB) Strike(ctx context.Context, id string) (*market.Strike, error) {
	var s market.Strike
	err := db.view(ctx, "strike", func(tx *sql.Tx) (err error) {
		s, err = scanStrike(tx.QueryRowContext(ctx, `SELECT `+strikeColumns+` FROM strikes WHERE id = $1`, id))
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
	var strikes []market.Strike
	err := db.view(ctx, "strikes", func(tx *sql.Tx) (err error) {
		strikes, err = queryAll(ctx, tx, scanStrike, strikesSQL, userID, ts(since))
		return err
	})
	if err != nil {
		return nil, err
	}
	return strikes, nil
}

// Column conversions.

// ts is the column value of a time: UTC, to the microsecond that
// PostgreSQL keeps.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// timePtr is the column value of an optional time: NULL for nil.
func timePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
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

// text returns a text or jsonb column's value as a string.
func text(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", fmt.Errorf("want text, got %T", v)
}

// tm scans a timestamptz into UTC.
type tm struct{ t *time.Time }

func (c tm) Scan(v any) error {
	t, ok := v.(time.Time)
	if !ok {
		return fmt.Errorf("want a time, got %T", v)
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
