package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/storetest"
)

// open opens a fresh database file in a temporary directory.
func open(t *testing.T) market.Store {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
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
	storetest.Run(t, open)
}

// TestReopen checks that Open creates the parent directory, that a second
// Open of the same file finds the schema in place, and that data written
// before Close is there after it.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a", "b", "chaperone.db")
	db, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	u := &market.User{ID: "u1", Email: "a@b.test", Name: "A", Role: market.RoleFreelancer, PasswordHash: "h", CreatedAt: time.Now()}
	if err := db.CreateUser(ctx, u, nil); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	db, err = Open(path)
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	defer db.Close()
	if _, err := db.User(ctx, "u1"); err != nil {
		t.Errorf("User after reopening: %v", err)
	}
}

// TestOpenRejectsMemory checks that Open wants a file: its read and write
// connections must share one database.
func TestOpenRejectsMemory(t *testing.T) {
	if db, err := Open(":memory:"); err == nil {
		db.Close()
		t.Errorf("Open(:memory:) = nil error, want one")
	}
}

// TestPragmas checks the settings every connection must have: WAL and
// synchronous=FULL for durable commits, foreign keys, and a busy timeout.
func TestPragmas(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	for name, pool := range map[string]*sql.DB{"write": db.write, "read": db.read} {
		for _, tc := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"synchronous", "2"}, // FULL
			{"foreign_keys", "1"},
			{"busy_timeout", "5000"},
		} {
			var got string
			if err := pool.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Errorf("%s: PRAGMA %s: %v", name, tc.pragma, err)
				continue
			}
			if got != tc.want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, tc.pragma, got, tc.want)
			}
		}
	}
	var version int
	if err := db.read.QueryRow("SELECT MAX(version) FROM schema_version").Scan(&version); err != nil || version < 1 {
		t.Errorf("schema version = %d, %v; want at least 1", version, err)
	}
	rec := market.Record{Audit: market.AuditEntry{DecisionID: "d1", Time: time.Now(), ActorID: "u1", Action: "block"}}
	if err := db.RecordDecision(context.Background(), rec); err != nil {
		t.Fatalf("RecordDecision: %v", err)
	}
	if _, err := db.write.Exec("UPDATE audit SET action = 'x'"); err == nil {
		t.Errorf("UPDATE audit = nil error, want the append-only trigger's")
	}
	if _, err := db.write.Exec("DELETE FROM audit"); err == nil {
		t.Errorf("DELETE FROM audit = nil error, want the append-only trigger's")
	}
}
