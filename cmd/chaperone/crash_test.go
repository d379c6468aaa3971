package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chaperone-dev/chaperone/internal/postgres/pgtest"
)

// TestCrashSQLite and TestCrashPostgres prove the storage promise of
// README's "Storage": a message the server acknowledged (201) survives
// the process being killed with SIGKILL while other sends are in flight,
// stored exactly once, whole, with its decision in the audit; and nothing
// the server refused, or never received, is stored.
func TestCrashSQLite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "chaperone.db")
	testCrash(t, db, "sqlite")
}

func TestCrashPostgres(t *testing.T) {
	db := pgtest.FreshDatabase(t)
	testCrash(t, db, "pgx")
}

// crashKills is when each round's SIGKILL comes: after this many
// acknowledged sends of the round — the first, early, and well into a
// stream. A round's sends, in flight ones included, stay within the burst
// of the per-user write limit (20 each for crashSenders users; the
// limits start afresh with each process), and the total within the 500
// latest messages the API lists.
var crashKills = []int{1, 10, 25, 40, 60}

// crashSenders is how many users send: two clients and two freelancers,
// in two threads.
const crashSenders = 4

// crashWorkers is how many sends are in flight at once.
const crashWorkers = 8

// testCrash runs the rounds on db (a SQLite path or a PostgreSQL URL), and
// at the end reads the database itself, through the database/sql driver,
// for the audit records.
func testCrash(t *testing.T, db, driver string) {
	start := time.Now()
	a := newAPI(t)
	c := startChild(t, db)
	var senders []crashSender
	for i := range crashSenders / 2 {
		client := a.mustSignup(t, c.base, "client", fmt.Sprintf("client%d@crash.example", i))
		free := a.mustSignup(t, c.base, "freelancer", fmt.Sprintf("free%d@crash.example", i))
		thread := a.mustThread(t, c.base, client, free)
		senders = append(senders, crashSender{client, thread}, crashSender{free, thread})
	}

	l := &ledger{byText: map[string]*attempt{}}
	for round, acks := range crashKills {
		rs := crashRound(t, a, c, senders, l, acks)
		if t.Failed() {
			return
		}
		// The tokens from before the crashes still work: sessions are
		// durable writes too.
		c = startChild(t, db)
		stored := verifyStored(t, a, c.base, senders, l)
		t.Logf("round %d: SIGKILL after %d acks in %v; %d sends unanswered, %d of them in flight at the kill; %d rate-limited; after restart %d stored of %d sent, %d acknowledged",
			round+1, acks, rs.elapsed.Round(time.Millisecond), rs.unanswered, rs.inFlight, rs.limited, stored, len(l.attempts), l.acked())
	}
	if code := c.stop(); code != 0 {
		t.Errorf("graceful stop after the crashes: exit %d", code)
	}
	verifyAudit(t, driver, db, l)
	t.Logf("%d rounds in %v", len(crashKills), time.Since(start).Round(time.Millisecond))
}

// crashSender is a user and the thread it sends in.
type crashSender struct {
	account
	thread string
}

// attempt is one message send and what the client knows of its fate.
type attempt struct {
	text     string
	sender   string
	thread   string
	id       string // the message id of a 201
	status   int    // the answer's status; 0 without an answer
	inFlight bool   // sent before the SIGKILL and never answered
}

// ledger is every send of a test, in order.
type ledger struct {
	mu       sync.Mutex
	attempts []*attempt
	byText   map[string]*attempt
}

// next records a new attempt by from, with a text of its own.
func (l *ledger) next(from crashSender) *attempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	at := &attempt{text: crashText(len(l.attempts)), sender: from.ID, thread: from.thread}
	l.attempts = append(l.attempts, at)
	l.byText[at.text] = at
	return at
}

func (l *ledger) acked() int {
	n := 0
	for _, at := range l.attempts {
		if at.id != "" {
			n++
		}
	}
	return n
}

// crashText is the text of the n-th send: its number in letters, then a
// paragraph long enough that a torn write would show. Letters, because
// digits spread over consecutive messages read as a phone number split
// across messages, which the detector is built to find.
func crashText(n int) string {
	tag := ""
	for {
		tag = string(rune('a'+n%26)) + tag
		n /= 26
		if n == 0 {
			break
		}
	}
	return "Status update " + tag + ": " + strings.Repeat("the layout draft is ready for review and the colour palette follows the brand guide; ", 12)
}

// roundStats is what one round saw.
type roundStats struct {
	elapsed    time.Duration
	unanswered int // sends with no answer: cut by the kill, or refused connections after it
	inFlight   int // of those, sent before the kill
	limited    int // sends refused by the write rate limit (429)
}

// crashRound sends from senders, crashWorkers at a time, until acks sends
// of this round have been acknowledged, then SIGKILLs c with sends in
// flight, and returns once every worker has seen it gone.
func crashRound(t *testing.T, a api, c *child, senders []crashSender, l *ledger, acks int) roundStats {
	t.Helper()
	start := time.Now()
	var (
		wg      sync.WaitGroup
		n       atomic.Int64
		killed  atomic.Bool
		reached = make(chan struct{})
		stats   roundStats
		mu      sync.Mutex // guards stats and the attempts' fields
	)
	for w := range crashWorkers {
		from := senders[w%len(senders)]
		url := c.base + "/api/threads/" + from.thread + "/messages"
		wg.Go(func() {
			for {
				at := l.next(from)
				before := !killed.Load()
				code, data, err := a.call("POST", url, from.Token, map[string]string{"text": at.text}, nil)
				mu.Lock()
				at.status = code
				switch {
				case err != nil:
					stats.unanswered++
					if before {
						at.inFlight = true
						stats.inFlight++
					}
				case code == http.StatusCreated:
					var res struct {
						ID      string        `json:"id"`
						Message storedMessage `json:"message"`
					}
					if err := json.Unmarshal(data, &res); err != nil || res.ID == "" || res.Message.Text != at.text || res.Message.DecisionID == "" {
						t.Errorf("send answered 201 %s, want the id, the text sent and a decision id", data)
					}
					at.id = res.ID
				case code == http.StatusTooManyRequests:
					stats.limited++
				}
				mu.Unlock()
				switch {
				case err != nil && killed.Load():
					return
				case err != nil:
					t.Errorf("send before the kill: %v", err)
					return
				case code == http.StatusCreated:
					if n.Add(1) == int64(acks) {
						close(reached)
					}
				case code == http.StatusTooManyRequests:
					time.Sleep(100 * time.Millisecond)
				default:
					t.Errorf("send = %d %s, want 201", code, data)
					return
				}
			}
		})
	}
	select {
	case <-reached:
	case <-time.After(30 * time.Second):
		t.Errorf("%d acknowledged sends in 30 s, want %d", n.Load(), acks)
	}
	killed.Store(true)
	c.kill()
	wg.Wait()
	stats.elapsed = time.Since(start)
	return stats
}

// verifyStored lists the threads after a restart and checks them against
// the ledger: every acknowledged send stored once under its id, every
// stored message whole, sent by its sender in its thread, decided, and
// either acknowledged or unanswered when the process died. It returns how
// many messages are stored.
func verifyStored(t *testing.T, a api, base string, senders []crashSender, l *ledger) int {
	t.Helper()
	var msgs []storedMessage
	for i := 0; i < len(senders); i += 2 { // a client and a freelancer per thread
		msgs = append(msgs, a.mustMessages(t, base, senders[i].Token, senders[i].thread)...)
	}
	if len(msgs) > len(l.attempts) {
		t.Errorf("%d messages stored, more than the %d sent", len(msgs), len(l.attempts))
	}
	stored := map[*attempt]string{}
	ids := map[string]bool{}
	for _, m := range msgs {
		if ids[m.ID] {
			t.Errorf("message %s listed twice", m.ID)
		}
		ids[m.ID] = true
		at := l.byText[m.Text]
		if at == nil {
			t.Errorf("message %s: text of %d bytes that no send had (torn?): %.80q", m.ID, len(m.Text), m.Text)
			continue
		}
		if first, dup := stored[at]; dup {
			t.Errorf("one send stored twice: messages %s and %s", first, m.ID)
		}
		stored[at] = m.ID
		switch {
		case at.id != "" && at.id != m.ID:
			t.Errorf("send acknowledged as %s stored as %s", at.id, m.ID)
		case at.id == "" && at.status != 0:
			t.Errorf("message %s stored though its send answered %d", m.ID, at.status)
		}
		if m.SenderID != at.sender || m.ThreadID != at.thread {
			t.Errorf("message %s: sender %s in thread %s, want %s in %s", m.ID, m.SenderID, m.ThreadID, at.sender, at.thread)
		}
		if m.DecisionID == "" || m.Action != "allow" {
			t.Errorf("message %s: decision %q, action %q, want a decision that allowed it", m.ID, m.DecisionID, m.Action)
		}
	}
	for _, at := range l.attempts {
		if _, ok := stored[at]; at.id != "" && !ok {
			t.Errorf("acknowledged message %s lost: %.40q", at.id, at.text)
		}
	}
	return len(msgs)
}

// verifyAudit reads the database itself: each stored message's decision is
// in the audit with the message as its subject, and no audit record names
// a message that was not stored — the two are written in one transaction.
func verifyAudit(t *testing.T, driver, dsn string, l *ledger) {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	decisionOf := map[string]string{}
	rows, err := db.Query(`SELECT id, decision_id FROM messages`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, dec string
		if err := rows.Scan(&id, &dec); err != nil {
			t.Fatal(err)
		}
		decisionOf[id] = dec
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	audited := map[string]string{} // message id → decision id
	rows, err = db.Query(`SELECT decision_id, subject, action FROM audit WHERE subject LIKE 'message:%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var dec, subject, action string
		if err := rows.Scan(&dec, &subject, &action); err != nil {
			t.Fatal(err)
		}
		id := strings.TrimPrefix(subject, "message:")
		if _, ok := decisionOf[id]; !ok {
			t.Errorf("audit %s (%s) names message %s, which is not stored", dec, action, id)
		}
		audited[id] = dec
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for id, dec := range decisionOf {
		if audited[id] != dec {
			t.Errorf("message %s: decision %s, audit has %q", id, dec, audited[id])
		}
	}
	if acked := l.acked(); len(decisionOf) < acked {
		t.Errorf("%d messages in the database, fewer than the %d acknowledged", len(decisionOf), acked)
	}
	t.Logf("audit: %d messages, each with its decision; %d message decisions, none without its message", len(decisionOf), len(audited))
}
