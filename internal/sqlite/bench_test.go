package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// benchDB opens a database with threads between pairs of users, each with
// a few hundred messages, as the send load leaves it.
func benchDB(b *testing.B, threads, msgs int) (*DB, []*market.Thread) {
	b.Helper()
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := context.Background()
	now := time.Now().UTC()
	var ths []*market.Thread
	for i := range threads {
		org := &market.Org{ID: fmt.Sprintf("org%d", i), Name: "Org", Plan: market.Basic, CreatedAt: now}
		c := &market.User{ID: fmt.Sprintf("c%d", i), Email: fmt.Sprintf("c%d@x.test", i), Name: "C", Role: market.RoleClient, OrgID: org.ID, PasswordHash: "h", CreatedAt: now}
		f := &market.User{ID: fmt.Sprintf("f%d", i), Email: fmt.Sprintf("f%d@x.test", i), Name: "F", Role: market.RoleFreelancer, PasswordHash: "h", CreatedAt: now}
		if err := db.CreateUser(ctx, c, org); err != nil {
			b.Fatal(err)
		}
		if err := db.CreateUser(ctx, f, nil); err != nil {
			b.Fatal(err)
		}
		if err := db.CreateToken(ctx, market.Token{Hash: "tok-" + c.ID, UserID: c.ID, CreatedAt: now}); err != nil {
			b.Fatal(err)
		}
		th := &market.Thread{ID: fmt.Sprintf("th%d", i), OrgID: org.ID, ClientID: c.ID, FreelancerID: f.ID, CreatedAt: now}
		if err := db.CreateThread(ctx, th); err != nil {
			b.Fatal(err)
		}
		ths = append(ths, th)
	}
	for j := range msgs {
		for _, th := range ths {
			id := fmt.Sprintf("m-%s-%d", th.ID, j)
			m := &market.Message{ID: id, ThreadID: th.ID, SenderID: th.ClientID, Text: "hello there, how is the project going?", Action: "allow", DecisionID: "d-" + id, CreatedAt: now.Add(time.Duration(j) * time.Millisecond)}
			if err := db.CreateMessage(ctx, m, testRecord(m.DecisionID, th.ClientID, m.CreatedAt)); err != nil {
				b.Fatal(err)
			}
		}
	}
	return db, ths
}

// BenchmarkThreadState reads a send's state, with a concurrent writer
// committing messages meanwhile (as under load) or not.
func BenchmarkThreadState(b *testing.B) {
	for _, writing := range []bool{false, true} {
		b.Run(fmt.Sprintf("writing=%v", writing), func(b *testing.B) {
			db, ths := benchDB(b, 16, 50)
			// A request's context, which can be cancelled, as the
			// server's are.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stop := make(chan struct{})
			var n atomic.Int64
			if writing {
				go func() {
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						th := ths[i%len(ths)]
						id := fmt.Sprintf("w%d", i)
						m := &market.Message{ID: id, ThreadID: th.ID, SenderID: th.ClientID, Text: "hi", Action: "allow", DecisionID: "d-" + id, CreatedAt: time.Now()}
						db.CreateMessage(ctx, m, testRecord(m.DecisionID, th.ClientID, m.CreatedAt))
						n.Add(1)
					}
				}()
			}
			b.ResetTimer()
			for i := range b.N {
				th := ths[i%len(ths)]
				if _, err := db.ThreadState(ctx, th.ID, th.ClientID, time.Now().Add(-90*24*time.Hour), 5); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			close(stop)
		})
	}
}

// BenchmarkUserByToken authenticates a request.
func BenchmarkUserByToken(b *testing.B) {
	db, ths := benchDB(b, 16, 1)
	ctx := context.Background()
	for i := range b.N {
		if _, err := db.UserByToken(ctx, "tok-"+ths[i%len(ths)].ClientID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateMessageBatched sends messages from 8 goroutines at
// once, so that the writer commits them in batches.
func BenchmarkCreateMessageBatched(b *testing.B) {
	db, ths := benchDB(b, 64, 20)
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(8)
	batches0, batched0 := db.w.batches.Load(), db.w.batched.Load()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			th := ths[int(i)%len(ths)]
			id := fmt.Sprintf("b%d", i)
			m := &market.Message{ID: id, ThreadID: th.ID, SenderID: th.ClientID, Text: "hello there, how is the project going?", Action: "allow", DecisionID: "d-" + id, CreatedAt: time.Now()}
			if err := db.CreateMessage(ctx, m, testRecord(m.DecisionID, th.ClientID, m.CreatedAt)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(db.w.batched.Load()-batched0)/float64(db.w.batches.Load()-batches0), "writes/commit")
}
