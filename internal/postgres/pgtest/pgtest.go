// Package pgtest gives tests a fresh PostgreSQL database on the server
// named by CHAPERONE_TEST_POSTGRES, for the store's own tests and for
// tests of whole programs that run on PostgreSQL.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// ServerEnv names the variable holding the URL of the PostgreSQL server the
// tests may create databases on.
const ServerEnv = "CHAPERONE_TEST_POSTGRES"

// ServerURL returns the test server's URL. Without one the test skips,
// except in CI (CI set), where PostgreSQL tests must run and it fails.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(ServerEnv)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set, and CI is: the PostgreSQL tests must run in CI (.ci/run starts a server and sets it)", ServerEnv)
		}
		t.Skipf("%s is not set: skipping the PostgreSQL tests (set it to a server's URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", ServerEnv)
	}
	return u
}

// FreshDatabase creates an empty database on the test server, dropped when
// the test ends, and returns its URL.
func FreshDatabase(t testing.TB) string {
	t.Helper()
	server := ServerURL(t)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("connect to %s: %v", ServerEnv, err)
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
	return WithDatabase(t, server, name)
}

// WithDatabase returns the connection string server with its database
// replaced by name.
func WithDatabase(t testing.TB, server, name string) string {
	t.Helper()
	if strings.HasPrefix(server, "postgres://") || strings.HasPrefix(server, "postgresql://") {
		u, err := url.Parse(server)
		if err != nil {
			t.Fatalf("%s: %v", ServerEnv, err)
		}
		u.Path = "/" + name
		return u.String()
	}
	return server + " dbname=" + name // key=value form: the last dbname wins
}
