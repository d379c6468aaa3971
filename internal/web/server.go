// Package web is Chaperone's HTTP layer: the marketplace's JSON API under
// /api/, the stateless engine endpoints under /v1/, health, Prometheus
// metrics and the OpenAPI description of it all.
//
// Every route is registered in one function, Server.routes. Handlers parse
// and validate the request (decodeJSON), call internal/market's Service and
// write the answer (writeJSON) or the error (writeError), whose market
// error code maps to an HTTP status in one table, statusOf. A write the
// policy refuses answers 422 with the decision as its body.
//
// The engine endpoints, /v1/scan and /v1/check, need no login: they store
// nothing and see no marketplace data. Operators who expose the server put
// them behind their own network controls.
package web

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// Server serves the JSON API of a market.Service. Create one with New or
// NewServer.
type Server struct {
	svc      *market.Service
	log      *slog.Logger
	metrics  *metrics
	opts     Options
	patterns []string // every registered route, in registration order
	handler  http.Handler

	// The rate limits; see Options.
	loginIP, loginEmail, signupIP, writes, anonymous *limiter
	streams                                          *streamCounter
}

// New returns a Server for svc with DefaultOptions that logs to log (nil
// discards).
func New(svc *market.Service, log *slog.Logger) *Server {
	return NewServer(svc, log, DefaultOptions())
}

// NewServer returns a Server for svc with the limits of opts (a zero
// field takes its default) that logs to log (nil discards).
func NewServer(svc *market.Service, log *slog.Logger, opts Options) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts = opts.withDefaults()
	s := &Server{svc: svc, log: log, metrics: newMetrics(), opts: opts,
		loginIP:    newLimiter(opts.Login, opts.MaxKeys),
		loginEmail: newLimiter(opts.Login, opts.MaxKeys),
		signupIP:   newLimiter(opts.Signup, opts.MaxKeys),
		writes:     newLimiter(opts.Write, opts.MaxKeys),
		anonymous:  newLimiter(opts.Anonymous, opts.MaxKeys),
		streams:    newStreamCounter(opts.MaxStreamsPerUser, opts.MaxStreams),
	}
	s.handler = s.instrument(s.recoverPanics(s.jsonFallbacks(s.routes())))
	return s
}

// Handler returns the server's HTTP handler: routes, request logging,
// panic recovery and metrics.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes returns the patterns of every registered route ("POST
// /api/jobs"), in registration order.
func (s *Server) Routes() []string { return slices.Clone(s.patterns) }

// routes registers every route: this is the whole API.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.Handler) {
		if strings.Contains(pattern, "{id}") {
			h = s.checkID(h)
		}
		mux.Handle(pattern, h)
		s.patterns = append(s.patterns, pattern)
	}

	// Accounts.
	handle("POST /api/signup", s.perIP(s.signupIP, "sign-ups", s.signup))
	handle("POST /api/login", s.perIP(s.loginIP, "login attempts", s.login))
	handle("POST /api/logout", s.authed(s.logout))
	handle("GET /api/me", s.authed(s.me))

	// Administration.
	handle("PUT /api/admin/orgs/{id}/plan", s.authed(s.setPlan))
	handle("POST /api/admin/moderators", s.authed(s.createModerator))

	// Job posts, profiles and company pages: public texts.
	handle("GET /api/jobs", s.public(s.searchJobs))
	handle("POST /api/jobs", s.writer(s.createJob))
	handle("GET /api/jobs/{id}", s.public(s.job))
	handle("PUT /api/jobs/{id}", s.writer(s.updateJob))
	handle("PUT /api/profile", s.writer(s.putProfile))
	handle("GET /api/freelancers/{id}", s.public(s.freelancer))
	handle("PUT /api/org", s.writer(s.renameOrg))

	// Threads and messages: private texts.
	handle("POST /api/threads", s.writer(s.openThread))
	handle("GET /api/threads", s.authed(s.threads))
	handle("GET /api/threads/{id}/messages", s.authed(s.messages))
	handle("POST /api/threads/{id}/messages", s.writer(s.sendMessage))
	handle("GET /api/threads/{id}/events", s.streaming(s.threadEvents))
	handle("PATCH /api/messages/{id}", s.writer(s.editMessage))
	handle("POST /api/check", s.writer(s.check))

	// Proposals, contracts and reviews.
	handle("POST /api/jobs/{id}/proposals", s.writer(s.submitProposal))
	handle("GET /api/jobs/{id}/proposals", s.authed(s.proposals))
	handle("POST /api/contracts", s.writer(s.offerContract))
	handle("GET /api/contracts", s.authed(s.contracts))
	handle("GET /api/contracts/{id}", s.authed(s.contract))
	handle("POST /api/contracts/{id}/accept", s.authed(s.acceptContract))
	handle("POST /api/contracts/{id}/end", s.authed(s.endContract))
	handle("POST /api/contracts/{id}/reviews", s.writer(s.writeReview))
	handle("GET /api/users/{id}/reviews", s.public(s.reviews))

	// Moderation, strikes and appeals.
	handle("GET /api/moderation/cases", s.authed(s.cases))
	handle("POST /api/moderation/cases/{id}/resolve", s.authed(s.resolveCase))
	handle("GET /api/strikes", s.authed(s.strikes))
	handle("POST /api/appeals", s.writer(s.appeal))
	handle("GET /api/cases", s.authed(s.myCases))

	// The stateless engine.
	handle("POST /v1/scan", s.perIP(s.anonymous, "engine requests", s.scan))
	handle("POST /v1/check", s.perIP(s.anonymous, "engine requests", s.engineCheck))

	// Operations.
	handle("GET /healthz", s.public(s.healthz))
	handle("GET /metrics", s.metrics.handler())
	handle("GET /openapi.json", http.HandlerFunc(serveOpenAPI))
	return mux
}

// MaxIDBytes bounds an id in a path. Ids are made by the server (a type
// prefix, "_" and base32), so anything longer, or of other characters,
// names nothing.
const MaxIDBytes = 100

// checkID answers 404 for a path whose {id} is not of the characters ids
// are made of ([A-Za-z0-9_-]) or is longer than MaxIDBytes, before any
// login or database work: a path with "..", quotes, NUL, control
// characters or invalid UTF-8 names nothing, and the databases (PostgreSQL
// refuses NUL and invalid UTF-8 in text) never see it.
func (s *Server) checkID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !validID(r.PathValue("id")) {
			s.writeError(w, r, market.Errorf(market.NotFound, "not found: an id is at most %d letters, digits, '_' and '-'", MaxIDBytes))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func validID(id string) bool {
	if id == "" || len(id) > MaxIDBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// handlerFunc is a handler that returns its error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// userHandlerFunc is a handlerFunc for a logged-in user.
type userHandlerFunc func(w http.ResponseWriter, r *http.Request, u *market.User) error

// public adapts h, which needs no login.
func (s *Server) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, cancel := s.withTimeout(r)
		defer cancel()
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// perIP adapts h, which needs no login, under lim per client IP; what
// names the requests in the 429's message.
func (s *Server) perIP(lim *limiter, what string, h handlerFunc) http.Handler {
	return s.public(func(w http.ResponseWriter, r *http.Request) error {
		if ok, wait := lim.allow(clientIP(r, s.opts.TrustProxy), s.opts.Now()); !ok {
			return s.rateLimited(w, what, wait)
		}
		return h(w, r)
	})
}

// authed adapts h, which needs the user of the request's bearer token.
func (s *Server) authed(h userHandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, cancel := s.withTimeout(r)
		defer cancel()
		s.serveAuthed(w, r, h)
	})
}

// writer adapts h, a write by a logged-in user, under the per-user write
// limit.
func (s *Server) writer(h userHandlerFunc) http.Handler {
	return s.authed(func(w http.ResponseWriter, r *http.Request, u *market.User) error {
		if ok, wait := s.writes.allow(u.ID, s.opts.Now()); !ok {
			return s.rateLimited(w, "writes", wait)
		}
		return h(w, r, u)
	})
}

// streaming adapts h, a live stream for a logged-in user: as authed, but
// without the request deadline, since a stream is meant to stay open.
func (s *Server) streaming(h userHandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serveAuthed(w, r, h)
	})
}

func (s *Server) serveAuthed(w http.ResponseWriter, r *http.Request, h userHandlerFunc) {
	u, err := s.svc.Authenticate(r.Context(), bearer(r))
	if err == nil {
		err = h(w, r, u)
	}
	if err != nil {
		s.writeError(w, r, err)
	}
}

// withTimeout returns r with the request deadline on its context.
func (s *Server) withTimeout(r *http.Request) (*http.Request, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	return r.WithContext(ctx), cancel
}

// rateLimited returns the error of a request over a rate limit, after
// setting Retry-After to the whole seconds until a retry may pass.
func (s *Server) rateLimited(w http.ResponseWriter, what string, wait time.Duration) error {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.metrics.rateLimited.WithLabelValues(what).Inc()
	return market.Errorf(codeRateLimited, "too many %s: try again in %d s", what, secs)
}

// bearer returns the token of an "Authorization: Bearer <token>" header,
// or "".
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// jsonFallbacks answers, in JSON, the requests the mux has no route for
// (404) or no route for with their method (405, with Allow).
func (s *Server) jsonFallbacks(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		probe := &probeWriter{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			allow := probe.header.Get("Allow")
			w.Header().Set("Allow", allow)
			s.writeError(w, r, market.Errorf(codeMethodNotAllowed, "method %s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, allow))
			return
		}
		s.writeError(w, r, market.Errorf(market.NotFound, "no route for %s %s", r.Method, r.URL.Path))
	})
}

// probeWriter records what the mux's own 404 and 405 handlers would write.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header { return p.header }
func (p *probeWriter) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}
func (p *probeWriter) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument logs each request (method, route, path, status, duration,
// never a body or the query, which may hold personal data) and records
// its metrics under its route pattern.
func (s *Server) instrument(next http.Handler) http.Handler {
	known := make(map[string]bool, len(s.patterns))
	for _, p := range s.patterns {
		known[p] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		elapsed := time.Since(start)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		route := r.Pattern // set by the mux on r
		if !known[route] {
			route = "unmatched"
		}
		s.metrics.observe(route, sw.status, elapsed.Seconds())
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "http",
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", elapsed))
	})
}

// recoverPanics turns a handler's panic into a logged 500 JSON answer.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "panic", "method", r.Method, "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				return // too late to answer; the client sees a short response
			}
			writeJSON(w, http.StatusInternalServerError, errorBody{Error: errorDetail{Code: market.Internal, Message: "internal error"}})
		}()
		next.ServeHTTP(w, r)
	})
}
