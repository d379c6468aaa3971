package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/storetest"
)

// serverEnv names the variable holding the URL of the PostgreSQL server the
// tests may create databases on.
const serverEnv = "CHAPERONE_TEST_POSTGRES"

// serverURL returns the test server's URL. Without one the tests skip,
// except in CI, where they must run.
func serverURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv(serverEnv)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set, and CI is: the PostgreSQL store tests must run in CI (.ci/run starts a server and sets it)", serverEnv)
		}
		t.Skipf("%s is not set: skipping the PostgreSQL store tests (set it to a server's URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", serverEnv)
	}
	return u
}

// freshDatabase creates an empty database on the test server, dropped when
// the test ends, and returns its URL.
func freshDatabase(t *testing.T) string {
	t.Helper()
	server := serverURL(t)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("connect to %s: %v", serverEnv, err)
	}
	name := fmt.Sprintf("chaperone_test_%x", rand.Uint64())
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return withDatabase(t, server, name)
}

// withDatabase returns the connection string server with its database
// replaced by name.
func withDatabase(t *testing.T, server, name string) string {
	t.Helper()
	if strings.HasPrefix(server, "postgres://") || strings.HasPrefix(server, "postgresql://") {
		u, err := url.Parse(server)
		if err != nil {
			t.Fatalf("%s: %v", serverEnv, err)
		}
		u.Path = "/" + name
		return u.String()
	}
	return server + " dbname=" + name // key=value form: the last dbname wins
}

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
