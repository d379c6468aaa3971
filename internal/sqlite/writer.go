package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Group commit.
//
// Every write of a DB goes through its writer: one goroutine that runs the
// writes queued while it was busy in one transaction, each in a SAVEPOINT
// of its own, and commits them together, with one fsync. A write that
// fails is rolled back to its savepoint and fails alone; the others go on.
// Every caller hears its outcome only after the shared transaction ended
// (the COMMIT returned), so an acknowledged write is as durable as it was
// with a transaction of its own (synchronous=FULL), and a failure caused
// by an earlier write of the batch is heard only once that write counts.
// The writes of a batch run one after the other in the order they were
// queued, each seeing the ones before it, exactly as they would run one
// transaction after the other; only the commits are shared. The writer
// does not wait for more writes to come: a write queued while the writer
// is idle runs at once, alone, and batches form only while commits are
// under way, as many as were queued meanwhile (up to maxBatch).

// maxBatch bounds the writes committed together.
const maxBatch = 128

// errClosed answers writes queued after Close.
var errClosed = errors.New("sqlite: the database is closed")

// Job states: queued until the writer starts it or its caller gives up.
const (
	jobQueued int32 = iota
	jobStarted
	jobWithdrawn
)

// job is a write waiting for the writer.
type job struct {
	fn    func(ctx context.Context, tx *sql.Tx) error
	state atomic.Int32
	err   error         // the outcome, set before done is closed
	done  chan struct{} // closed once the outcome is known
}

// start marks j started unless its caller has withdrawn it.
func (j *job) start() bool { return j.state.CompareAndSwap(jobQueued, jobStarted) }

// finish reports err to j's caller.
func (j *job) finish(err error) {
	j.err = err
	close(j.done)
}

// writer runs the writes of a DB in batches on its write pool.
type writer struct {
	db *sql.DB // the write pool: one connection
	// savepoint, release and rollbackTo are prepared on db.
	savepoint, release, rollbackTo *sql.Stmt

	mu     sync.Mutex
	cond   *sync.Cond // signalled when a job is queued or the writer closed
	queue  []*job
	closed bool

	exited chan struct{} // closed when run returns
	// batches and batched count the transactions committed and the
	// writes in them, for tests.
	batches, batched atomic.Int64
	// beforeCommit, when not nil, runs before each COMMIT (tests set it
	// before the first write).
	beforeCommit func()
}

// newWriter starts the writer of the write pool db, with the savepoint
// statements prepared on it.
func newWriter(db *sql.DB, savepoint, release, rollbackTo *sql.Stmt) *writer {
	w := &writer{db: db, savepoint: savepoint, release: release, rollbackTo: rollbackTo, exited: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// close stops the writer once it has run the writes already queued; later
// writes fail with errClosed.
func (w *writer) close() {
	w.mu.Lock()
	w.closed = true
	w.cond.Broadcast()
	w.mu.Unlock()
	<-w.exited
}

// do runs fn in a write transaction, perhaps shared with other writes,
// and returns fn's error, or the error that kept the transaction from
// committing. A nil error means the write is committed.
//
// fn gets a context of the writer's, not ctx: one caller giving up must
// not interrupt a transaction that holds the writes of others. A caller
// whose ctx is done before the writer starts its write withdraws it and
// gets ctx's error (nothing is written); once the write has started, the
// caller waits for its outcome, which is then known within one batch.
func (w *writer) do(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &job{fn: fn, done: make(chan struct{})}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errClosed
	}
	w.queue = append(w.queue, j)
	w.cond.Signal()
	w.mu.Unlock()
	select {
	case <-j.done:
		return j.err
	case <-ctx.Done():
		if j.state.CompareAndSwap(jobQueued, jobWithdrawn) {
			return ctx.Err()
		}
		<-j.done
		return j.err
	}
}

// run commits batches until the writer is closed and its queue empty.
func (w *writer) run() {
	defer close(w.exited)
	for {
		batch := w.next()
		if batch == nil {
			return
		}
		w.commit(batch)
	}
}

// next waits for queued jobs and takes up to maxBatch of them, in order;
// nil once the writer is closed and the queue empty.
func (w *writer) next() []*job {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 {
		if w.closed {
			return nil
		}
		w.cond.Wait()
	}
	n := min(len(w.queue), maxBatch)
	batch := append([]*job(nil), w.queue[:n]...)
	rest := copy(w.queue, w.queue[n:])
	clear(w.queue[rest:])
	w.queue = w.queue[:rest]
	return batch
}

// commit runs the jobs of batch in one transaction and commits it. A job
// whose write fails is rolled back to its savepoint; the others go on.
// Every job hears its outcome once the transaction has ended, the failed
// ones too: a failure may come from the writes before it in the batch (a
// second use of an idempotency key, say), which count only once
// committed. When the transaction breaks (SQLite rolls a transaction back
// on some errors, such as a full disk) or its COMMIT fails, its jobs are
// run again, in order, each in a transaction of its own.
func (w *writer) commit(batch []*job) {
	ctx := context.Background()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		for _, j := range batch {
			if j.start() {
				j.finish(fmt.Errorf("begin: %w", err))
			}
		}
		return
	}
	defer tx.Rollback()
	alone := len(batch) == 1
	var ran []*job // the jobs started, in order; err holds a failed write's error
	written := 0   // of them, those whose write succeeded
	for i, j := range batch {
		if !j.start() {
			continue
		}
		ran = append(ran, j)
		if alone {
			if j.err = runJob(ctx, tx, j); j.err == nil {
				written++
			}
			break
		}
		if _, err := exec(ctx, tx, w.savepoint); err != nil {
			w.retryAlone(tx, ran, batch[i+1:])
			return
		}
		if j.err = runJob(ctx, tx, j); j.err != nil {
			_, err := exec(ctx, tx, w.rollbackTo)
			if err == nil {
				_, err = exec(ctx, tx, w.release)
			}
			if err != nil {
				// The transaction is gone, perhaps broken by j.
				w.retryAlone(tx, ran, batch[i+1:])
				return
			}
			continue
		}
		if _, err := exec(ctx, tx, w.release); err != nil {
			w.retryAlone(tx, ran, batch[i+1:])
			return
		}
		written++
	}
	if written > 0 {
		if w.beforeCommit != nil {
			w.beforeCommit()
		}
		if err := tx.Commit(); err != nil {
			if alone {
				ran[0].finish(fmt.Errorf("commit: %w", err))
				return
			}
			w.retryAlone(tx, ran, nil)
			return
		}
		w.batches.Add(1)
		w.batched.Add(int64(written))
	} else {
		tx.Rollback()
	}
	for _, j := range ran {
		j.finish(j.err)
	}
}

// retryAlone rolls back the broken transaction tx and runs the jobs that
// were in it (started) and those not reached yet (queued, or withdrawn in
// the meantime), in order, each in a transaction of its own.
func (w *writer) retryAlone(tx *sql.Tx, started, rest []*job) {
	tx.Rollback()
	for _, j := range started {
		// Nothing of it is written: its caller may withdraw it again.
		j.err = nil
		j.state.Store(jobQueued)
		w.commit([]*job{j})
	}
	for _, j := range rest {
		w.commit([]*job{j})
	}
}

// runJob runs j's write in tx, turning a panic into an error: it runs on
// the writer's goroutine, where nothing would recover it.
func runJob(ctx context.Context, tx *sql.Tx, j *job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in a write: %v\n%s", r, debug.Stack())
		}
	}()
	return j.fn(ctx, tx)
}
