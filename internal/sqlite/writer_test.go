package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// openRaw opens a fresh DB with a table t (id TEXT PRIMARY KEY) for the
// writer's tests.
func openRaw(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.write.Exec(`CREATE TABLE t (id TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// insert is a write that inserts id into t.
func insert(id string) func(ctx context.Context, tx *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO t (id) VALUES (?)`, id)
		return err
	}
}

// stored reports whether id is in t, as the read pool (another
// connection, which sees only committed writes) finds it.
func stored(t *testing.T, db *DB, id string) bool {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT COUNT(*) FROM t WHERE id = ?`, id).Scan(&n); err != nil {
		t.Error(err)
	}
	return n == 1
}

// hold makes the writer busy with a write that waits for the returned
// function to be called, so that the writes queued meanwhile form one
// batch; queued waits until n writes are queued behind it.
func hold(t *testing.T, db *DB) (queued func(n int), release func()) {
	t.Helper()
	started, unblock := make(chan struct{}), make(chan struct{})
	go db.w.do(context.Background(), func(ctx context.Context, tx *sql.Tx) error {
		close(started)
		<-unblock
		return nil
	})
	<-started
	queued = func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			db.w.mu.Lock()
			q := len(db.w.queue)
			db.w.mu.Unlock()
			if q >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d writes queued, want %d", q, n)
			}
		}
	}
	return queued, func() { close(unblock) }
}

// TestGroupCommitOneFailureFailsAlone queues writes behind a busy writer,
// some of which fail (a duplicate key, an error of their own, a panic),
// and checks that they ran as one batch in which each failure failed only
// its own write, that every write acknowledged was committed when its
// caller heard of it, and that a write failing on a key written earlier
// in the batch heard of it only once that key was committed.
func TestGroupCommitOneFailureFailsAlone(t *testing.T) {
	db := openRaw(t)
	// A slow commit: a write acknowledged before its commit would be
	// found missing.
	db.w.mu.Lock()
	db.w.beforeCommit = func() { time.Sleep(50 * time.Millisecond) }
	db.w.mu.Unlock()
	if err := db.w.do(context.Background(), insert("dup")); err != nil {
		t.Fatal(err)
	}
	queued, release := hold(t, db)
	errOwn := errors.New("a write's own error")
	const n = 30
	type outcome struct {
		i   int
		err error
		ok  bool // stored when the caller heard
	}
	out := make(chan outcome, n)
	for i := range n {
		var fn func(ctx context.Context, tx *sql.Tx) error
		switch i % 5 {
		case 1:
			fn = insert("dup") // a UNIQUE violation
			if i > 5 {
				fn = insert("w0") // the same, on a key of this batch
			}
		case 2:
			fn = func(ctx context.Context, tx *sql.Tx) error {
				// Its first statement is rolled back with it.
				if err := insert(fmt.Sprintf("w%d", i))(ctx, tx); err != nil {
					return err
				}
				return errOwn
			}
		case 3:
			if i == 3 {
				fn = func(ctx context.Context, tx *sql.Tx) error { panic("boom") }
				break
			}
			fn = insert(fmt.Sprintf("w%d", i))
		default:
			fn = insert(fmt.Sprintf("w%d", i))
		}
		go func() {
			err := db.w.do(context.Background(), fn)
			id := fmt.Sprintf("w%d", i)
			if i%5 == 1 && i > 5 {
				id = "w0"
			}
			out <- outcome{i, err, stored(t, db, id)}
		}()
		queued(i + 1) // in order
	}
	batches := db.w.batches.Load()
	release()
	for range n {
		o := <-out
		switch {
		case o.i%5 == 1:
			if market.ErrorCode(storeError("insert", o.err)) != market.Conflict {
				t.Errorf("write %d (a duplicate) = %v, want a Conflict", o.i, o.err)
			}
			if o.i > 5 && !o.ok {
				t.Errorf("write %d heard of its conflict with w0 before w0 was committed", o.i)
			}
		case o.i%5 == 2:
			if !errors.Is(o.err, errOwn) {
				t.Errorf("write %d = %v, want its own error", o.i, o.err)
			}
			if o.ok {
				t.Errorf("write %d failed, yet its insert is stored", o.i)
			}
		case o.i == 3:
			if o.err == nil || !strings.Contains(o.err.Error(), "panic in a write: boom") {
				t.Errorf("write %d (a panic) = %v, want the panic as an error", o.i, o.err)
			}
		default:
			if o.err != nil {
				t.Errorf("write %d = %v, want it committed", o.i, o.err)
			} else if !o.ok {
				t.Errorf("write %d was acknowledged before it was committed", o.i)
			}
		}
	}
	// The holding write's batch, then all n queued writes in one.
	if got := db.w.batches.Load() - batches; got != 2 {
		t.Errorf("%d batches committed after the release, want 2 (the holding write, then the queued ones)", got)
	}
}

// TestGroupCommitBrokenTransaction checks that a write that breaks the
// shared transaction (here by ending it) fails alone: the writes before
// and after it in its batch are run again, each alone, and committed.
func TestGroupCommitBrokenTransaction(t *testing.T) {
	db := openRaw(t)
	queued, release := hold(t, db)
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		fn := insert(fmt.Sprintf("w%d", i))
		if i == 2 {
			fn = func(ctx context.Context, tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `ROLLBACK`); err != nil {
					return err
				}
				return errors.New("broke it")
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.w.do(context.Background(), fn)
		}()
		queued(i + 1)
	}
	release()
	wg.Wait()
	for i, err := range errs {
		id := fmt.Sprintf("w%d", i)
		if i == 2 {
			if err == nil {
				t.Errorf("the breaking write = nil error, want its own")
			}
			continue
		}
		if err != nil {
			t.Errorf("write %d = %v, want it committed after the retry", i, err)
		}
		if !stored(t, db, id) {
			t.Errorf("write %d acknowledged but not stored", i)
		}
	}
}

// TestGroupCommitWithdrawn checks that a caller who gives up before the
// writer starts its write gets its context's error and nothing is
// written, and that the writes queued with it go on.
func TestGroupCommitWithdrawn(t *testing.T) {
	db := openRaw(t)
	queued, release := hold(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan error, 1)
	go func() { gone <- db.w.do(ctx, insert("gone")) }()
	queued(1)
	kept := make(chan error, 1)
	go func() { kept <- db.w.do(context.Background(), insert("kept")) }()
	queued(2)
	cancel()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Errorf("a withdrawn write = %v, want context.Canceled", err)
	}
	release()
	if err := <-kept; err != nil {
		t.Errorf("the write queued with a withdrawn one = %v", err)
	}
	if stored(t, db, "gone") {
		t.Errorf("a withdrawn write is stored")
	}
	if !stored(t, db, "kept") {
		t.Errorf("the write queued with a withdrawn one is not stored")
	}
}

// TestGroupCommitClose checks that Close runs the writes already queued
// and that writes after it fail.
func TestGroupCommitClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	client, _, th := seedThread(t, db)
	queued, release := hold(t, db)
	errs := make(chan error, 5)
	for i := range 5 {
		m := &market.Message{ID: fmt.Sprintf("m%d", i), ThreadID: th.ID, SenderID: client.ID, Text: "hi", Action: "allow",
			DecisionID: fmt.Sprintf("d%d", i), CreatedAt: time.Now()}
		go func() {
			errs <- db.CreateMessage(context.Background(), m, testRecord(m.DecisionID, client.ID, m.CreatedAt))
		}()
		queued(i + 1)
	}
	closed := make(chan error)
	go func() { closed <- db.Close() }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		db.w.mu.Lock()
		c := db.w.closed
		db.w.mu.Unlock()
		if c {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Close did not close the writer")
		}
	}
	if err := db.w.do(context.Background(), insert("late")); !errors.Is(err, errClosed) {
		t.Errorf("a write after Close = %v, want %v", err, errClosed)
	}
	release()
	for range 5 {
		if err := <-errs; err != nil {
			t.Errorf("a write queued before Close = %v", err)
		}
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if msgs, err := db.Messages(context.Background(), th.ID, 0); err != nil || len(msgs) != 5 {
		t.Errorf("after reopening: %d messages, %v; want the 5 queued before Close", len(msgs), err)
	}
}

// TestGroupCommitBatches checks that concurrent writes share commits.
func TestGroupCommitBatches(t *testing.T) {
	db := openRaw(t)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if err := db.w.do(context.Background(), insert(fmt.Sprintf("g%d-%d", g, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var n int
	if err := db.read.QueryRow(`SELECT COUNT(*) FROM t`).Scan(&n); err != nil || n != 16*50 {
		t.Fatalf("%d rows, %v; want %d", n, err, 16*50)
	}
	b, w := db.w.batches.Load(), db.w.batched.Load()
	t.Logf("%d writes in %d commits", w, b)
	if w != 16*50 || b >= w {
		t.Errorf("%d writes in %d commits: want %d writes and fewer commits", w, b, 16*50)
	}
}
