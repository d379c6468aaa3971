package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// notifyChannel is the one LISTEN/NOTIFY channel of message events. The
// thread is in the payload rather than the channel name, so each process
// LISTENs once however many threads its readers follow.
const notifyChannel = "chaperone_messages"

// maxPayload is the longest notification payload PostgreSQL accepts: it
// refuses 8000 bytes or more ("payload string too long").
const maxPayload = 7999

// Timings of the listening connection.
const (
	// healthInterval is how long the listener waits without a notification
	// before it pings its connection: a connection that died without a
	// word (a crashed host, a dropped NAT entry) would otherwise leave it
	// waiting for ever, and the process deaf to the other replicas.
	healthInterval = 30 * time.Second
	// pingTimeout bounds that ping, and connectTimeout each reconnection.
	pingTimeout    = 5 * time.Second
	connectTimeout = 10 * time.Second
	// The delay between reconnection attempts starts at minBackoff and
	// doubles up to maxBackoff, so that a database restart is noticed
	// quickly but a long outage is not hammered by every replica.
	minBackoff = 100 * time.Millisecond
	maxBackoff = 30 * time.Second
)

// Events is market.Events across every process sharing one PostgreSQL
// database: Publish sends a NOTIFY, and each process's listener hands what
// it hears to its local subscribers through a market.Hub. An event
// published in this process reaches its own subscribers the same way, so
// every subscriber, local or not, hears each event once.
//
// Each Events holds one listening connection, for the life of the
// process, plus a small pool for Publish. When the listening connection
// drops, Events reconnects and LISTENs again; what is published meanwhile
// is lost, as market.Events allows. Events is safe for concurrent use;
// Close it to stop the listener.
type Events struct {
	hub    *market.Hub
	pub    *sql.DB
	config *pgx.ConnConfig
	log    *slog.Logger
	health time.Duration

	stop   context.CancelFunc // ends the listener
	done   chan struct{}      // closed when the listener has ended
	closed atomic.Bool

	closeOnce sync.Once
	closeErr  error

	mu  sync.Mutex
	pid uint32 // the listening connection's backend process id, for tests
}

var _ market.Events = (*Events)(nil)

// NewEvents connects to the PostgreSQL database at url (the same URL as
// Open's) and starts listening for message events. It returns once the
// listener is in place, so an event published after it returns reaches
// this process's subscribers. logger receives connection losses and
// reconnections; nil discards them. ctx bounds the first connection only.
func NewEvents(ctx context.Context, url string, logger *slog.Logger) (*Events, error) {
	return newEvents(ctx, url, logger, healthInterval)
}

// newEvents is NewEvents with the health interval as a parameter, so that
// tests can exercise the quiet-connection check quickly.
func newEvents(ctx context.Context, url string, logger *slog.Logger, health time.Duration) (*Events, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	config, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("message events: %w", err)
	}
	pub, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("message events: %w", err)
	}
	// A NOTIFY takes a moment; a few connections carry every publish.
	pub.SetMaxOpenConns(4)
	pub.SetMaxIdleConns(2)
	pub.SetConnMaxIdleTime(5 * time.Minute)
	e := &Events{
		hub:    market.NewHub(),
		pub:    pub,
		config: config,
		log:    logger,
		health: health,
		done:   make(chan struct{}),
	}
	conn, err := e.connect(ctx)
	if err != nil {
		pub.Close()
		return nil, fmt.Errorf("message events: %w", err)
	}
	// The listener's context is its own: it outlives NewEvents's ctx and
	// ends only with Close.
	listenCtx, stop := context.WithCancel(context.Background())
	e.stop = stop
	go e.run(listenCtx, conn)
	return e, nil
}

// Publish announces ev to the subscribers of its thread in every process
// listening on the database, this one included. PostgreSQL delivers it
// when Publish's own implicit transaction commits, that is before Publish
// returns; call it after the store's commit, so that a reader who hears
// the event finds the message. It returns an Invalid error for an event
// without a thread or too long to send, and an Internal one after Close.
func (e *Events) Publish(ctx context.Context, ev market.Event) error {
	if ev.ThreadID == "" {
		return market.Errorf(market.Invalid, "an event needs a thread")
	}
	if e.closed.Load() {
		return &market.Error{Code: market.Internal, Message: "message events are closed"}
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("publish message event: %w", err)
	}
	if len(payload) > maxPayload {
		return market.Errorf(market.Invalid, "the event is %d bytes, more than a notification's %d", len(payload), maxPayload)
	}
	if _, err := e.pub.ExecContext(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, string(payload)); err != nil {
		return fmt.Errorf("publish message event: %w", err)
	}
	return nil
}

// Subscribe returns a channel of the thread's events, from every process,
// and a function that ends the subscription; see market.Hub.Subscribe.
// The channel also closes when ctx ends or Events closes.
func (e *Events) Subscribe(ctx context.Context, threadID string) (<-chan market.Event, func(), error) {
	return e.hub.Subscribe(ctx, threadID)
}

// Close stops the listener, waits for it to end, closes every
// subscription's channel and the connections. Later Publish and Subscribe
// calls fail. Closing twice returns the first Close's result.
func (e *Events) Close() error {
	e.closeOnce.Do(func() {
		e.closed.Store(true)
		e.stop()
		<-e.done
		e.hub.Close()
		e.closeErr = e.pub.Close()
	})
	return e.closeErr
}

// connect opens a listening connection.
func (e *Events) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, e.config)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("listen: %w", err)
	}
	e.mu.Lock()
	e.pid = conn.PgConn().PID()
	e.mu.Unlock()
	return conn, nil
}

// listenerPID returns the backend process id of the current listening
// connection, so that tests can terminate it.
func (e *Events) listenerPID() uint32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pid
}

// run receives notifications on conn until ctx ends, replacing the
// connection whenever it fails.
func (e *Events) run(ctx context.Context, conn *pgx.Conn) {
	defer close(e.done)
	for {
		err := e.receive(ctx, conn)
		closeConn(conn)
		if ctx.Err() != nil {
			return
		}
		e.log.Warn("message events: lost the listening connection; events are missed until it is back", "err", err)
		if conn = e.reconnect(ctx); conn == nil {
			return
		}
		e.log.Info("message events: listening again")
	}
}

// receive hands each notification on conn to the hub, until conn fails or
// ctx ends.
func (e *Events) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		wait, cancel := context.WithTimeout(ctx, e.health)
		n, err := conn.WaitForNotification(wait)
		cancel()
		if n != nil {
			e.deliver(n.Payload)
		}
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			// Quiet for a while. pgx leaves the connection usable after
			// a timed-out wait, so ask it whether the server is still
			// there.
			ping, cancel := context.WithTimeout(ctx, pingTimeout)
			err := conn.Ping(ping)
			cancel()
			if err != nil && ctx.Err() == nil {
				return fmt.Errorf("ping: %w", err)
			}
		default:
			return err
		}
	}
}

// deliver decodes a notification's payload and hands the event to the
// hub. A payload that is not an event (another program on the channel, a
// later version's format) is logged and skipped rather than ending the
// listener.
func (e *Events) deliver(payload string) {
	var ev market.Event
	if err := json.Unmarshal([]byte(payload), &ev); err != nil || ev.ThreadID == "" {
		e.log.Warn("message events: skipping a notification that is not an event", "channel", notifyChannel, "len", len(payload), "err", err)
		return
	}
	e.hub.Deliver(ev)
}

// reconnect connects and LISTENs again, retrying with growing, jittered
// delays, until it succeeds or ctx ends; then it returns nil.
func (e *Events) reconnect(ctx context.Context) *pgx.Conn {
	delay := minBackoff
	for {
		// Half the delay plus a random part of the other half, so that
		// replicas cut off together do not all return at the same instant.
		timer := time.NewTimer(delay/2 + rand.N(delay/2+1))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		connectCtx, cancel := context.WithTimeout(ctx, connectTimeout)
		conn, err := e.connect(connectCtx)
		cancel()
		if err == nil {
			return conn
		}
		if ctx.Err() != nil {
			return nil
		}
		delay = min(2*delay, maxBackoff)
		e.log.Warn("message events: reconnect failed", "err", err, "retry_in", delay)
	}
}

// closeConn closes conn, giving the server a bounded time to hear it.
func closeConn(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	conn.Close(ctx)
}
