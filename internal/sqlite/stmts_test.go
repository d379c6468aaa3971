package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// TestStatementsClosedOnClose checks that Open prepares the hot paths'
// statements and Close closes every one of them.
func TestStatementsClosedOnClose(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	// Every *sql.Stmt field of stmts is prepared and listed in all.
	listed := map[uintptr]bool{}
	for _, s := range db.st.all {
		listed[reflect.ValueOf(s).Pointer()] = true
	}
	v := reflect.ValueOf(db.st)
	fields := 0
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Type() != reflect.TypeFor[*sql.Stmt]() {
			continue
		}
		fields++
		if f.IsNil() || !listed[f.Pointer()] {
			t.Errorf("statement %s is not prepared", v.Type().Field(i).Name)
		}
	}
	if fields != len(db.st.all) || fields < 10 {
		t.Errorf("%d statements prepared, %d fields", len(db.st.all), fields)
	}
	prepared := db.st.all
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for i, s := range prepared {
		if _, err := s.Exec(); err == nil || !strings.Contains(err.Error(), "statement is closed") {
			t.Errorf("statement %d after Close: %v, want sql: statement is closed", i, err)
		}
	}
}

// seedThread creates a client, a freelancer and a thread between them.
func seedThread(t *testing.T, db *DB) (client, freelancer *market.User, th *market.Thread) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	org := &market.Org{ID: "org1", Name: "Acme", Plan: market.Basic, CreatedAt: now}
	client = &market.User{ID: "uc", Email: "c@acme.test", Name: "C", Role: market.RoleClient, OrgID: org.ID, PasswordHash: "h", CreatedAt: now}
	freelancer = &market.User{ID: "uf", Email: "f@mail.test", Name: "F", Role: market.RoleFreelancer, PasswordHash: "h", CreatedAt: now}
	if err := db.CreateUser(ctx, client, org); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, freelancer, nil); err != nil {
		t.Fatal(err)
	}
	th = &market.Thread{ID: "th1", OrgID: org.ID, ClientID: client.ID, FreelancerID: freelancer.ID, CreatedAt: now}
	if err := db.CreateThread(ctx, th); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*market.User{client, freelancer} {
		if err := db.CreateToken(ctx, market.Token{Hash: "tok-" + u.ID, UserID: u.ID, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	return client, freelancer, th
}

func testRecord(id, actor string, when time.Time) market.Record {
	return market.Record{Audit: market.AuditEntry{DecisionID: id, Time: when, ActorID: actor, Subject: "message:" + id,
		Context: json.RawMessage(`{}`), Findings: json.RawMessage(`[]`), Action: "allow", Rules: []string{}, Policy: "p", Detector: "d"}}
}

// TestConcurrentSendsNoDeadlock sends from many goroutines at once, as
// the HTTP server does, mixing the prepared reads, the prepared writes in
// transactions, writes that fail (a duplicate idempotency key) and other
// writes, and checks that all of them finish and every successful send is
// stored.
func TestConcurrentSendsNoDeadlock(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	client, freelancer, th := seedThread(t, db)
	ctx := context.Background()
	const senders, each = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, senders*each)
	var stored sync.Map
	for g := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := client
			if g%2 == 1 {
				u = freelancer
			}
			for i := range each {
				if _, err := db.UserByToken(ctx, "tok-"+u.ID); err != nil {
					errs <- fmt.Errorf("UserByToken: %w", err)
					return
				}
				if _, err := db.Thread(ctx, th.ID); err != nil {
					errs <- fmt.Errorf("Thread: %w", err)
					return
				}
				if _, err := db.Messages(ctx, th.ID, 5); err != nil {
					errs <- fmt.Errorf("Messages: %w", err)
					return
				}
				id := fmt.Sprintf("m-%d-%d", g, i)
				now := time.Now()
				rec := testRecord("d-"+id, u.ID, now)
				// Every sender reuses the same few keys: most of these
				// writes fail with Conflict and roll back.
				rec.Key = &market.IdempotencyKey{UserID: u.ID, Key: fmt.Sprintf("k%d", i%3), Request: "r", MessageID: id,
					Decision: json.RawMessage(`{}`), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
				m := &market.Message{ID: id, ThreadID: th.ID, SenderID: u.ID, Text: "hi", Action: "allow", DecisionID: "d-" + id, CreatedAt: now}
				switch err := db.CreateMessage(ctx, m, rec); {
				case err == nil:
					stored.Store(id, true)
				case market.ErrorCode(err) != market.Conflict:
					errs <- fmt.Errorf("CreateMessage %s: %w", id, err)
					return
				}
				if i%5 == 0 {
					if err := db.RecordDecision(ctx, testRecord("r-"+id, u.ID, now)); err != nil {
						errs <- fmt.Errorf("RecordDecision: %w", err)
						return
					}
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("concurrent sends did not finish in 2 minutes: deadlock?")
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	msgs, err := db.Messages(ctx, th.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	stored.Range(func(k, _ any) bool {
		n++
		return true
	})
	if len(msgs) != n || n != 2*3 {
		t.Errorf("%d messages stored, %d sends succeeded; want 6 of each (3 keys for each of 2 users)", len(msgs), n)
	}
	for _, m := range msgs {
		if _, ok := stored.Load(m.ID); !ok {
			t.Errorf("message %s stored, but its send failed", m.ID)
		}
	}
}
