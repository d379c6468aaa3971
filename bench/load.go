package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// loadResult is one load scenario.
type loadResult struct {
	Name        string         `json:"name"`
	Tool        string         `json:"tool"`
	Store       string         `json:"store"`
	Conns       int            `json:"conns"`
	Seconds     float64        `json:"seconds"`
	Requests    int            `json:"requests"`
	PerSec      float64        `json:"per_sec"`
	P50         float64        `json:"p50_ms"`
	P99         float64        `json:"p99_ms"`
	P999        float64        `json:"p999_ms"`
	Status      map[string]int `json:"status"`
	Errors      int            `json:"errors"` // transport errors and unexpected statuses
	ServerCPU   float64        `json:"server_cpu_seconds"`
	ServerPeak  int64          `json:"server_peak_rss"`
	Note        string         `json:"note,omitempty"`
	RateLimited int            `json:"rate_limited"`
}

// loadReport is load.json.
type loadReport struct {
	Results      []loadResult `json:"results"`
	IdleRSS      int64        `json:"idle_rss"`            // after start, before any request
	IdleRSSAfter int64        `json:"idle_rss_after_load"` // 5 s after the last load
	LimitFlags   []string     `json:"limit_flags"`         // lines of `serve -h` naming rate limits
	ServeFlags   string       `json:"serve_flags"`
	Skipped      []string     `json:"skipped,omitempty"`
}

func runLoad(args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	bin := fs.String("bin", "", "the chaperone `binary` to serve")
	work := fs.String("work", "bench/out", "work `dir`: stream.jsonl in, load.json out")
	dur := fs.Duration("duration", 10*time.Second, "length of each load")
	maxReq := fs.Int("max-requests", 1_000_000, "stop a load after this many requests")
	conns := fs.Int("conns", 16, "concurrent connections for /v1/check")
	sendConns := fs.Int("send-conns", 16, "concurrent connections for message sends")
	pairs := fs.Int("pairs", 64, "client–freelancer pairs (threads) the sends spread over")
	pg := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL `URL` of an existing database to create a fresh one beside (empty: skip)")
	skipCheck := fs.Bool("skip-check", false, "load message sends only (for profiling them)")
	serveFlags := fs.String("serve-flags", "", "extra flags for `chaperone serve`, space-separated (e.g. to switch rate limits off)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" {
		return errors.New("-bin is required")
	}
	cases, err := loadCases(filepath.Join(*work, "stream.jsonl"))
	if err != nil {
		return err
	}
	var clean, mixed []string
	for _, c := range cases {
		if len(c.Text) <= 280 {
			mixed = append(mixed, c.Text)
			if len(c.Kinds) == 0 && len(clean) < 2000 {
				clean = append(clean, c.Text)
			}
		}
		if len(mixed) >= 2000 && len(clean) >= 2000 {
			break
		}
	}
	rep := loadReport{ServeFlags: *serveFlags}
	help, _ := exec.Command(*bin, "serve", "-h").CombinedOutput()
	for _, l := range strings.Split(string(help), "\n") {
		if regexp.MustCompile(`(?i)rate|limit|throttl`).MatchString(l) {
			rep.LimitFlags = append(rep.LimitFlags, strings.TrimSpace(l))
		}
	}
	fmt.Fprintf(os.Stderr, "bench load: rate-limit flags in `serve -h`: %q\n", rep.LimitFlags)
	extra := strings.Fields(*serveFlags)

	// SQLite: /v1/check, then sends.
	dir, err := os.MkdirTemp("", "chaperone-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(*bin, filepath.Join(dir, "bench.db"), extra)
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	rep.IdleRSS = pidStatusKB(srv.cmd.Process.Pid, "VmRSS") * 1024
	fmt.Fprintf(os.Stderr, "bench load: idle RSS %d MB\n", rep.IdleRSS>>20)
	checkBodies := make([][]byte, len(mixed))
	for i, m := range mixed {
		checkBodies[i], _ = json.Marshal(map[string]any{"id": i, "text": m,
			"context": map[string]any{"channel": "message", "sender": "freelancer", "enterprise": false, "contract": "none"}})
	}
	if !*skipCheck {
		r := srv.measure("POST /v1/check", "go", *conns, *dur, *maxReq, func(i int) (*http.Request, int) {
			req, _ := http.NewRequest("POST", srv.base+"/v1/check", bytes.NewReader(checkBodies[i%len(checkBodies)]))
			return req, 200
		})
		rep.Results = append(rep.Results, r)
	}
	if _, err := exec.LookPath("wrk"); err == nil && !*skipCheck {
		r, err := srv.wrk(dir, checkBodies, *conns, *dur)
		if err != nil {
			return err
		}
		rep.Results = append(rep.Results, r)
	} else {
		rep.Skipped = append(rep.Skipped, "wrk not installed: /v1/check measured with the Go load generator only")
	}
	if r, err := srv.sends("sqlite", *pairs, *sendConns, *dur, *maxReq, clean); err != nil {
		fmt.Fprintf(os.Stderr, "bench load: SQLite sends skipped: %v\n", err)
		rep.Skipped = append(rep.Skipped, "SQLite sends: "+err.Error())
	} else {
		rep.Results = append(rep.Results, r)
	}
	time.Sleep(5 * time.Second)
	rep.IdleRSSAfter = pidStatusKB(srv.cmd.Process.Pid, "VmRSS") * 1024
	srv.stop()

	// PostgreSQL: a fresh database, dropped afterwards.
	if *pg != "" {
		r, err := pgSends(*bin, *pg, extra, *pairs, *sendConns, *dur, *maxReq, clean)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench load: PostgreSQL skipped: %v\n", err)
			rep.Skipped = append(rep.Skipped, "PostgreSQL: "+err.Error())
		} else {
			rep.Results = append(rep.Results, r)
		}
	}
	for _, r := range rep.Results {
		fmt.Fprintf(os.Stderr, "bench load: %-34s %-6s %-8s %8.0f req/s p50 %.2f ms p99 %.2f ms errors %d status %v\n",
			r.Name, r.Tool, r.Store, r.PerSec, r.P50, r.P99, r.Errors, r.Status)
	}
	return writeJSON(filepath.Join(*work, "load.json"), rep)
}

func pgSends(bin, base string, extra []string, pairs, conns int, dur time.Duration, maxReq int, texts []string) (loadResult, error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return loadResult{}, err
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("chaperone_bench_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return loadResult{}, err
	}
	defer conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	u, err := url.Parse(base)
	if err != nil {
		return loadResult{}, err
	}
	u.Path = "/" + name
	srv, err := startServer(bin, u.String(), extra)
	if err != nil {
		return loadResult{}, err
	}
	defer srv.stop()
	return srv.sends("postgres", pairs, conns, dur, maxReq, texts)
}

// server is a running `chaperone serve`.
type server struct {
	cmd    *exec.Cmd
	base   string
	client *http.Client
	stderr *bytes.Buffer
}

func startServer(bin, db string, extra []string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"serve", "--addr", addr, "--db", db, "--demo=false", "--log-level", "warn",
		"--admin-email", "bench-admin@example.com", "--admin-password", "bench-password-1"}, extra...)
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, stderr: &stderr, client: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256, DisableCompression: true},
		Timeout:   30 * time.Second,
	}}
	for start := time.Now(); time.Since(start) < 60*time.Second; time.Sleep(100 * time.Millisecond) {
		resp, err := s.client.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
		if cmd.ProcessState != nil {
			break
		}
	}
	s.stop()
	return nil, fmt.Errorf("serve did not become healthy: %s", stderr.String())
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// serverCPU is the server process's CPU seconds so far.
func (s *server) serverCPU() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // clock ticks; 100 Hz on Linux
}

// measure runs conns workers sending next(i) until dur has passed or
// maxReq requests were sent, and times each request.
func (s *server) measure(name, tool string, conns int, dur time.Duration, maxReq int, next func(i int) (*http.Request, int)) loadResult {
	var n atomic.Int64
	var mu sync.Mutex
	status := map[string]int{}
	var lat []float64
	errs := 0
	cpu0 := s.serverCPU()
	start := time.Now()
	deadline := start.Add(dur)
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []float64
			myStatus := map[string]int{}
			myErrs := 0
			for time.Now().Before(deadline) {
				i := int(n.Add(1)) - 1
				if i >= maxReq {
					break
				}
				req, want := next(i)
				t := time.Now()
				resp, err := s.client.Do(req)
				if err != nil {
					myErrs++
					myStatus["error"]++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, float64(time.Since(t).Nanoseconds())/1e6)
				myStatus[strconv.Itoa(resp.StatusCode)]++
				if resp.StatusCode != want {
					myErrs++
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range myStatus {
				status[k] += v
			}
			errs += myErrs
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	slices.Sort(lat)
	return loadResult{Name: name, Tool: tool, Store: "sqlite", Conns: conns, Seconds: el, Requests: len(lat),
		PerSec: float64(len(lat)) / el, P50: pct(lat, 0.5), P99: pct(lat, 0.99), P999: pct(lat, 0.999),
		Status: status, Errors: errs, RateLimited: status["429"], ServerCPU: s.serverCPU() - cpu0,
		ServerPeak: pidStatusKB(s.cmd.Process.Pid, "VmHWM") * 1024}
}

// wrk loads /v1/check with wrk (one thread, so that the other core is the
// server's as much as possible), cycling through the bodies.
func (s *server) wrk(dir string, bodies [][]byte, conns int, dur time.Duration) (loadResult, error) {
	var lua strings.Builder
	lua.WriteString("local bodies = {\n")
	for _, b := range bodies[:min(len(bodies), 500)] {
		fmt.Fprintf(&lua, "[==[%s]==],\n", b)
	}
	lua.WriteString(`}
local i = 0
local headers = {["Content-Type"] = "application/json"}
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/check", headers, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    e.status, e.connect + e.read + e.write + e.timeout, 0))
end
`)
	script := filepath.Join(dir, "check.lua")
	if err := os.WriteFile(script, []byte(lua.String()), 0o644); err != nil {
		return loadResult{}, err
	}
	cpu0 := s.serverCPU()
	out, err := exec.Command("wrk", "-t1", fmt.Sprintf("-c%d", conns), fmt.Sprintf("-d%ds", int(dur.Seconds())),
		"--timeout", "10s", "-s", script, s.base+"/v1/check").CombinedOutput()
	if err != nil {
		return loadResult{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var req, durUS, p50, p99, p999, non2xx, errs, zero int
		if _, err := fmt.Sscanf(sc.Text(), "RESULT %d %d %d %d %d %d %d %d", &req, &durUS, &p50, &p99, &p999, &non2xx, &errs, &zero); err == nil {
			el := float64(durUS) / 1e6
			return loadResult{Name: "POST /v1/check", Tool: "wrk", Store: "sqlite", Conns: conns, Seconds: el,
				Requests: req, PerSec: float64(req) / el, P50: float64(p50) / 1e3, P99: float64(p99) / 1e3, P999: float64(p999) / 1e3,
				Status: map[string]int{"non-2xx": non2xx}, Errors: non2xx + errs, ServerCPU: s.serverCPU() - cpu0,
				ServerPeak: pidStatusKB(s.cmd.Process.Pid, "VmHWM") * 1024}, nil
		}
	}
	return loadResult{}, fmt.Errorf("wrk printed no result: %s", out)
}

// call sends one JSON request and decodes the answer into out.
func (s *server) call(method, path, token string, in, out any, want int) error {
	b, _ := json.Marshal(in)
	req, _ := http.NewRequest(method, s.base+path, bytes.NewReader(b))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, body)
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

// sends signs up pairs of a client and a freelancer, opens a thread for
// each, and sends clean chat messages through POST
// /api/threads/{id}/messages, each party of each thread in turn, so that
// no user sends more than 1/(2·pairs) of the messages.
func (s *server) sends(store string, pairs, conns int, dur time.Duration, maxReq int, texts []string) (loadResult, error) {
	type party struct{ token, thread string }
	parties := make([]party, 0, 2*pairs)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	sem := make(chan struct{}, 4)
	for p := range pairs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			type sess struct {
				Token string `json:"token"`
				User  struct {
					ID string `json:"id"`
				} `json:"user"`
			}
			var c, f sess
			var th struct {
				ID string `json:"id"`
			}
			err := s.call("POST", "/api/signup", "", map[string]string{"email": fmt.Sprintf("client%d@bench.example", p),
				"password": "bench-password-1", "name": fmt.Sprintf("Client %d", p), "role": "client", "org": fmt.Sprintf("Org %d", p)}, &c, 201)
			if err == nil {
				err = s.call("POST", "/api/signup", "", map[string]string{"email": fmt.Sprintf("freelancer%d@bench.example", p),
					"password": "bench-password-1", "name": fmt.Sprintf("Freelancer %d", p), "role": "freelancer"}, &f, 201)
			}
			if err == nil {
				err = s.call("POST", "/api/threads", c.Token, map[string]string{"with": f.User.ID}, &th, 201)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			parties = append(parties, party{c.Token, th.ID}, party{f.Token, th.ID})
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return loadResult{}, fmt.Errorf("setup (%d pairs): %w", pairs, firstErr)
	}
	bodies := make([][]byte, len(texts))
	for i, t := range texts {
		bodies[i], _ = json.Marshal(map[string]string{"text": t})
	}
	r := s.measure("POST /api/threads/{id}/messages", "go", conns, dur, maxReq, func(i int) (*http.Request, int) {
		p := parties[i%len(parties)]
		req, _ := http.NewRequest("POST", s.base+"/api/threads/"+p.thread+"/messages", bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Authorization", "Bearer "+p.token)
		return req, 201
	})
	r.Store = store
	r.Note = fmt.Sprintf("%d threads, %d senders, clean chat messages", pairs, len(parties))
	return r, nil
}
