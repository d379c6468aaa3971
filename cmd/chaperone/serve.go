package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/postgres"
	"github.com/chaperone-dev/chaperone/internal/sqlite"
	"github.com/chaperone-dev/chaperone/internal/web"
	"github.com/chaperone-dev/chaperone/internal/web/ui"
	"github.com/chaperone-dev/chaperone/policy"
)

// serveConfig is serve's configuration, from flags with environment
// fallbacks.
type serveConfig struct {
	addr          string
	db            string
	demo          bool
	adminEmail    string
	adminPassword string
	policyPath    string
	logLevel      string
	web           web.Options
}

// envDefault returns the environment variable's value, or def.
func envDefault(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func runServe(args []string, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stderr, nil)
}

// serve runs the marketplace until ctx is done. ready, when not nil,
// receives the address the server listens on.
func serve(ctx context.Context, args []string, stderr io.Writer, ready chan<- string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg serveConfig
	demoDefault, _ := strconv.ParseBool(envDefault("CHAPERONE_DEMO", "true"))
	fs.StringVar(&cfg.addr, "addr", envDefault("CHAPERONE_ADDR", "127.0.0.1:8080"), "`address` to listen on (env CHAPERONE_ADDR)")
	fs.StringVar(&cfg.db, "db", envDefault("CHAPERONE_DB", "data/chaperone.db"), "a SQLite file `path`, or a postgres:// URL (env CHAPERONE_DB)")
	fs.BoolVar(&cfg.demo, "demo", demoDefault, "seed demo accounts and data into an empty database (env CHAPERONE_DEMO)")
	fs.StringVar(&cfg.adminEmail, "admin-email", envDefault("CHAPERONE_ADMIN_EMAIL", ""), "the first admin's `email` (env CHAPERONE_ADMIN_EMAIL)")
	fs.StringVar(&cfg.adminPassword, "admin-password", envDefault("CHAPERONE_ADMIN_PASSWORD", ""), "the first admin's `password` (env CHAPERONE_ADMIN_PASSWORD)")
	fs.StringVar(&cfg.policyPath, "policy", envDefault("CHAPERONE_POLICY", ""), "a policy `FILE` (YAML; default: the built-in policy) (env CHAPERONE_POLICY)")
	fs.StringVar(&cfg.logLevel, "log-level", envDefault("CHAPERONE_LOG_LEVEL", "info"), "debug, info, warn or error (env CHAPERONE_LOG_LEVEL)")
	var envErrs []string
	rateFlag := func(name, env string, dst *web.Rate, def web.Rate, what string) {
		*dst = def
		if v, ok := os.LookupEnv(env); ok {
			r, err := web.ParseRate(v)
			if err != nil {
				envErrs = append(envErrs, fmt.Sprintf("%s: %v", env, err))
			}
			*dst = r
		}
		fs.Func(name, fmt.Sprintf("%s: N/min, N/h or N/s with an optional burst (\"60/min,20\"), or \"off\"; default %s (env %s)", what, def, env), func(v string) error {
			r, err := web.ParseRate(v)
			if err != nil {
				return err
			}
			*dst = r
			return nil
		})
	}
	defaults := web.DefaultOptions()
	cfg.web = defaults
	rateFlag("rate-login", "CHAPERONE_RATE_LOGIN", &cfg.web.Login, defaults.Login, "logins per client IP and per email")
	rateFlag("rate-signup", "CHAPERONE_RATE_SIGNUP", &cfg.web.Signup, defaults.Signup, "sign-ups per client IP")
	rateFlag("rate-write", "CHAPERONE_RATE_WRITE", &cfg.web.Write, defaults.Write, "text writes and creates per user")
	rateFlag("rate-anonymous", "CHAPERONE_RATE_ANONYMOUS", &cfg.web.Anonymous, defaults.Anonymous, "/v1/scan and /v1/check per client IP")
	trustDefault, _ := strconv.ParseBool(envDefault("CHAPERONE_TRUST_PROXY", "false"))
	fs.BoolVar(&cfg.web.TrustProxy, "trust-proxy", trustDefault, "take the client IP from the last X-Forwarded-For address; only behind a proxy that appends it (env CHAPERONE_TRUST_PROXY)")
	fs.DurationVar(&cfg.web.RequestTimeout, "request-timeout", defaults.RequestTimeout, "deadline of a request, live streams excepted")
	var extra detectorFlags
	extra.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: chaperone serve [flags]\n\nRuns the reference marketplace and the engine's HTTP API.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	for _, e := range envErrs {
		fmt.Fprintln(stderr, "chaperone serve:", e)
	}
	if len(envErrs) > 0 {
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.logLevel)); err != nil {
		fmt.Fprintf(stderr, "chaperone serve: --log-level: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err := runServer(ctx, cfg, extra, log, stderr, ready); err != nil {
		log.Error("serve", "err", err)
		return 1
	}
	return 0
}

func runServer(ctx context.Context, cfg serveConfig, extra detectorFlags, log *slog.Logger, out io.Writer, ready chan<- string) error {
	pol := policy.Default()
	if cfg.policyPath != "" {
		p, err := loadPolicy(cfg.policyPath)
		if err != nil {
			return fmt.Errorf("policy %s: %w", cfg.policyPath, err)
		}
		pol = p
	}
	det, err := newDetector("", "", extra)
	if err != nil {
		return err
	}
	store, closeStore, err := openStore(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer closeStore()
	events, err := openEvents(ctx, cfg.db, log)
	if err != nil {
		return err
	}
	defer events.Close()

	svc := market.NewService(market.Config{Store: store, Detector: det, Policy: pol, Logger: log, Events: events})
	if err := bootstrap(ctx, svc, cfg, out); err != nil {
		return err
	}

	pages, err := ui.New(svc, log)
	if err != nil {
		return fmt.Errorf("web pages: %w", err)
	}
	// The pages take their own paths; everything else (/api/, /v1/,
	// /metrics, /healthz, /openapi.json and the JSON not-found) is the
	// API's.
	mux := http.NewServeMux()
	pages.Register(mux)
	mux.Handle("/", web.NewServer(svc, log, cfg.web).Handler())

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "db", redactURL(cfg.db), "policy", pol.Version(), "detector", det.Version())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	// Closing the events first ends the live streams, which Shutdown
	// would otherwise wait for.
	events.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore opens PostgreSQL for a postgres:// URL and SQLite otherwise.
func openStore(ctx context.Context, db string) (market.Store, func(), error) {
	if isPostgres(db) {
		pg, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", redactURL(db), err)
		}
		return pg, func() { pg.Close() }, nil
	}
	lite, err := sqlite.Open(db)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", db, err)
	}
	return lite, func() { lite.Close() }, nil
}

// liveEvents is a market.Events that is closed at shutdown.
type liveEvents interface {
	market.Events
	Close() error
}

// openEvents returns where new messages are announced: PostgreSQL's
// LISTEN/NOTIFY when replicas share a PostgreSQL database, an in-process
// hub otherwise.
func openEvents(ctx context.Context, db string, log *slog.Logger) (liveEvents, error) {
	if isPostgres(db) {
		ev, err := postgres.NewEvents(ctx, db, log)
		if err != nil {
			return nil, fmt.Errorf("listen on %s: %w", redactURL(db), err)
		}
		return ev, nil
	}
	return market.NewHub(), nil
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// redactURL hides the password of a database URL for logs.
func redactURL(s string) string {
	at := strings.LastIndexByte(s, '@')
	scheme := strings.Index(s, "://")
	if at < 0 || scheme < 0 {
		return s
	}
	userinfo := s[scheme+3 : at]
	if i := strings.IndexByte(userinfo, ':'); i >= 0 {
		return s[:scheme+3] + userinfo[:i] + ":xxxxx" + s[at:]
	}
	return s
}

// bootstrap creates the first admin and, in demo mode, the demo data, and
// prints the logins.
func bootstrap(ctx context.Context, svc *market.Service, cfg serveConfig, out io.Writer) error {
	email, password := cfg.adminEmail, cfg.adminPassword
	if email == "" && cfg.demo {
		email, password = "admin@chaperone.example", market.DemoPassword
	}
	if email == "" {
		fmt.Fprintln(out, "chaperone serve: no admin configured (--admin-email, --admin-password): nobody can change plans")
		return nil
	}
	admin, err := svc.EnsureStaff(ctx, email, password, "Admin", market.RoleAdmin)
	if err != nil {
		return fmt.Errorf("admin %s: %w", email, err)
	}
	if !cfg.demo {
		return nil
	}
	logins, err := svc.Seed(ctx, admin)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if len(logins) > 0 {
		fmt.Fprintf(out, "demo accounts (password %q):\n", market.DemoPassword)
		if cfg.adminEmail == "" {
			fmt.Fprintf(out, "  %-28s admin\n", email)
		}
		for _, l := range logins {
			fmt.Fprintf(out, "  %-28s %s\n", l.Email, l.What)
		}
	}
	return nil
}
