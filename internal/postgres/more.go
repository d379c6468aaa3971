package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/sqlrows"
)

// profileSearchText is what SearchProfiles matches the words of a query
// against; the newlines keep a word from matching across fields.
func profileSearchText(p *market.Profile) string {
	return strings.ToLower(p.Name + "\n" + p.Title + "\n" + p.Overview)
}

// Orgs returns every organisation, by name.
func (db *DB) Orgs(ctx context.Context) ([]market.Org, error) {
	orgs := []market.Org{}
	err := db.view(ctx, "orgs", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, plan, created_at FROM orgs ORDER BY name, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o market.Org
			if err := rows.Scan(&o.ID, &o.Name, &o.Plan, tm{&o.CreatedAt}); err != nil {
				return err
			}
			orgs = append(orgs, o)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return orgs, nil
}

// SearchProfiles returns up to limit profiles, newest first, whose name,
// title or overview contains every word of q.
func (db *DB) SearchProfiles(ctx context.Context, q string, limit int) ([]market.Profile, error) {
	query := `SELECT user_id, name, title, overview, updated_at FROM profiles WHERE 1 = 1`
	var args []any
	for _, w := range strings.Fields(strings.ToLower(q)) {
		args = append(args, "%"+escapeLike(w)+"%")
		query += fmt.Sprintf(` AND search LIKE %s ESCAPE '\'`, placeholder(len(args)))
	}
	args = append(args, sqlLimit(limit))
	query += fmt.Sprintf(` ORDER BY updated_at DESC, seq DESC LIMIT %s`, placeholder(len(args)))
	profiles := []market.Profile{}
	err := db.view(ctx, "search profiles", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p market.Profile
			if err := rows.Scan(&p.UserID, &p.Name, &p.Title, &p.Overview, tm{&p.UpdatedAt}); err != nil {
				return err
			}
			profiles = append(profiles, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return profiles, nil
}

// AddHelpVote records a reader's vote on an article.
func (db *DB) AddHelpVote(ctx context.Context, v market.HelpVote) error {
	return db.update(ctx, "add help vote", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO help_votes (article, helpful, user_id, created_at) VALUES ($1, $2, $3, $4)`,
			v.Article, v.Helpful, nullable(v.UserID), ts(v.CreatedAt))
		return err
	})
}

// HelpVotes counts the votes on an article.
func (db *DB) HelpVotes(ctx context.Context, article string) (market.HelpTally, error) {
	var t market.HelpTally
	err := db.view(ctx, "help votes", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx,
			`SELECT COUNT(*), COALESCE(SUM(CASE WHEN helpful THEN 1 ELSE 0 END), 0) FROM help_votes WHERE article = $1`, article).
			Scan(&t.Total, &t.Helpful)
	})
	return t, err
}

// placeholder is PostgreSQL's placeholder for the n-th argument.
func placeholder(n int) string { return fmt.Sprintf("$%d", n) }

// ThreadState returns in one read transaction the thread threadID with
// its organisation, the contracts between them, the strikes of userID
// since since and the thread's last limit messages.
func (db *DB) ThreadState(ctx context.Context, threadID, userID string, since time.Time, limit int) (*market.ThreadState, error) {
	var st market.ThreadState
	err := db.view(ctx, "thread state", func(tx *sql.Tx) error {
		t, o := &st.Thread, &st.Org
		err := tx.QueryRowContext(ctx,
			`SELECT t.id, t.org_id, t.client_id, t.freelancer_id, t.job_id, t.created_at, o.id, o.name, o.plan, o.created_at
			FROM threads t JOIN orgs o ON o.id = t.org_id WHERE t.id = $1`, threadID).
			Scan(&t.ID, &t.OrgID, &t.ClientID, &t.FreelancerID, str{&t.JobID}, tm{&t.CreatedAt}, &o.ID, &o.Name, &o.Plan, tm{&o.CreatedAt})
		if err != nil {
			return one(err, "thread", threadID)
		}
		if st.Contracts, err = queryAll(ctx, tx, scanContract, contractsSQL, t.OrgID, t.FreelancerID); err != nil {
			return fmt.Errorf("contracts: %w", err)
		}
		if st.Strikes, err = queryAll(ctx, tx, scanStrike, strikesSQL, userID, ts(since)); err != nil {
			return fmt.Errorf("strikes: %w", err)
		}
		if st.Messages, err = queryAll(ctx, tx, scanMessage, messagesSQL, threadID, sqlLimit(limit)); err != nil {
			return fmt.Errorf("messages: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// queryAll runs query in tx and returns its rows as scan reads them; an
// empty slice for none.
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(sqlrows.Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	return sqlrows.Collect(rows, err, scan)
}
