package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/postgres/pgtest"
	"github.com/chaperone-dev/chaperone/internal/storetest"
)

func serverURL(t *testing.T) string     { return pgtest.ServerURL(t) }
func freshDatabase(t *testing.T) string { return pgtest.FreshDatabase(t) }

// open opens a store on a fresh database.
func open(t *testing.T) market.Store {
	t.Helper()
	db, err := Open(context.Background(), freshDatabase(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	serverURL(t) // skip (or fail in CI) once, not in every subtest
	storetest.Run(t, open)
}

// TestConcurrentOpen checks that replicas starting at once on a fresh
// database all open it, and that the schema is migrated once.
func TestConcurrentOpen(t *testing.T) {
	dbURL := freshDatabase(t)
	ctx := context.Background()
	const n = 4
	dbs := make([]*DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			dbs[i], errs[i] = Open(ctx, dbURL)
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Open #%d: %v", i, errs[i])
			continue
		}
		defer dbs[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows, distinct int
	if err := dbs[0].db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version`).Scan(&rows, &distinct); err != nil {
		t.Fatalf("read schema_version: %v", err)
	}
	if rows != distinct || rows == 0 {
		t.Errorf("schema_version has %d rows for %d versions, want one row per version", rows, distinct)
	}
	// Every replica can write and see the others' writes.
	for i, db := range dbs {
		u := &market.User{ID: fmt.Sprintf("u%d", i), Email: fmt.Sprintf("u%d@x.test", i), Name: "U", Role: market.RoleFreelancer, PasswordHash: "h", CreatedAt: time.Now()}
		if err := db.CreateUser(ctx, u, nil); err != nil {
			t.Errorf("CreateUser on replica %d: %v", i, err)
		}
	}
	for i := range dbs {
		if _, err := dbs[0].User(ctx, fmt.Sprintf("u%d", i)); err != nil {
			t.Errorf("User(u%d) on replica 0: %v", i, err)
		}
	}
}

// TestAuditAppendOnly checks that the database itself refuses to change
// the audit log.
func TestAuditAppendOnly(t *testing.T) {
	db := open(t).(*DB)
	ctx := context.Background()
	rec := market.Record{Audit: market.AuditEntry{DecisionID: "d1", Time: time.Now(), ActorID: "u1", Action: "block"}}
	if err := db.RecordDecision(ctx, rec); err != nil {
		t.Fatalf("RecordDecision: %v", err)
	}
	for _, stmt := range []string{`UPDATE audit SET action = 'allow'`, `DELETE FROM audit`, `TRUNCATE audit`} {
		if _, err := db.db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s = nil error, want the append-only trigger's", stmt)
		}
	}
	if _, err := db.Audit(ctx, "d1"); err != nil {
		t.Errorf("Audit(d1): %v", err)
	}
}
