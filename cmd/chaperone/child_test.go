package main

// Helpers for the tests that run the built program as a child process
// (crash_test.go, replica_test.go, soak_test.go): what they prove needs a
// real process — one that SIGKILL can stop mid-write, two that share a
// database, one whose memory the kernel reports.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The first admin of every child, as production runs it: --demo=false and
// an admin given on the command line.
const (
	childAdminEmail    = "ops@chaperone.example"
	childAdminPassword = "ops-password-for-tests"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// chaperoneBin returns the chaperone command built from this module, once
// per test process and without the race detector: the children are the
// program as shipped, and their memory is measured.
func chaperoneBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() { builtBin, buildErr = buildChaperone() })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// buildChaperone runs go build in a directory of its own under
// $TMPDIR/chaperone-cmdtest, named after this process. Nothing runs after
// the last test to remove it, so each build first removes the directories
// of processes that have ended.
func buildChaperone() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	parent := filepath.Join(os.TempDir(), "chaperone-cmdtest")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	if old, err := os.ReadDir(parent); err == nil {
		for _, e := range old {
			var pid int
			if _, err := fmt.Sscanf(e.Name(), "pid%d-", &pid); err != nil || !running(pid) {
				os.RemoveAll(filepath.Join(parent, e.Name()))
			}
		}
	}
	dir, err := os.MkdirTemp(parent, fmt.Sprintf("pid%d-", os.Getpid()))
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "chaperone")
	cmd := exec.Command("go", "build", "-buildvcs=false", "-o", bin, "./cmd/chaperone")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/chaperone: %v\n%s", err, out)
	}
	return bin, nil
}

// running reports whether process pid exists.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// moduleRoot is the nearest directory above the working directory that
// holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = up
	}
}

// child is one "chaperone serve" process.
type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string      // http://127.0.0.1:port
	log    *syncBuffer // its stderr
	exited chan struct{}
	err    error // from Wait, once exited is closed
}

// listeningLine finds the address in serve's log line
// `level=INFO msg=listening addr=http://127.0.0.1:PORT db=...`.
var listeningLine = regexp.MustCompile(`\bmsg=listening addr=(http://\S+)`)

// startChild starts "chaperone serve" on db, on a free port, and returns
// once it listens. The test's cleanup kills it if it still runs, and
// prints its log if the test failed.
func startChild(t *testing.T, db string, args ...string) *child {
	t.Helper()
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo=false",
		"--admin-email", childAdminEmail, "--admin-password", childAdminPassword}, args...)
	c := &child{t: t, cmd: exec.Command(chaperoneBin(t), args...), log: &syncBuffer{}, exited: make(chan struct{})}
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.cmd.Stdout = c.log
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(c.log, line)
			if m := listeningLine.FindStringSubmatch(line); m != nil && !found {
				found = true
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, stderr) // a line too long for the scanner
		c.err = c.cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		c.kill()
		if t.Failed() {
			t.Logf("log of chaperone serve (pid %d):\n%s", c.cmd.Process.Pid, c.log.String())
		}
	})
	select {
	case c.base = <-addr:
		return c
	case <-c.exited:
		t.Fatalf("chaperone serve exited before listening (%v):\n%s", c.err, c.log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("chaperone serve did not listen within 60 s:\n%s", c.log.String())
	}
	return nil
}

// pid is the child's process id.
func (c *child) pid() int { return c.cmd.Process.Pid }

// kill stops the child with SIGKILL, the way a crash, the OOM killer or a
// pulled plug would: no deferred function, no flush, no shutdown.
func (c *child) kill() {
	select {
	case <-c.exited:
		return
	default:
	}
	c.cmd.Process.Kill()
	<-c.exited
}

// stop sends SIGTERM and returns the exit code of the graceful stop.
func (c *child) stop() int {
	c.t.Helper()
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		c.t.Errorf("chaperone serve did not stop within 20 s of SIGTERM")
		c.kill()
	}
	return c.cmd.ProcessState.ExitCode()
}

// rss returns the child's resident set size in bytes, from the kernel's
// /proc/PID/status (VmRSS, in kB).
func (c *child) rss() (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid()))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmRSS %q: %v", rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, errors.New("no VmRSS in /proc/PID/status")
}

// api calls a child's JSON API. Its methods return errors rather than
// fail the test, so that goroutines and requests cut by a SIGKILL can use
// them; the must* helpers fail the test.
type api struct {
	client *http.Client
}

// newAPI returns an api whose connections close when the test ends.
func newAPI(t *testing.T) api {
	tr := &http.Transport{MaxIdleConnsPerHost: 32, IdleConnTimeout: 30 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)
	return api{client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// call sends body (JSON, when not nil) and returns the status and the body
// of the answer. An error means no answer: the request may or may not
// have been carried out.
func (a api) call(method, url, token string, body any, header map[string]string) (int, []byte, error) {
	code, _, data, err := a.callHeader(method, url, token, body, header)
	return code, data, err
}

// callHeader is call that also returns the answer's header.
func (a api) callHeader(method, url, token string, body any, header map[string]string) (int, http.Header, []byte, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return 0, nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, resp.Header, data, nil
}

// must calls the API and fails the test unless the answer has status
// want; it decodes the answer into out when out is not nil.
func (a api) must(t *testing.T, want int, method, url, token string, body, out any) {
	t.Helper()
	code, data, err := a.call(method, url, token, body, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if code != want {
		t.Fatalf("%s %s = %d %s, want %d", method, url, code, data, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
}

// account is a user signed up through the API.
type account struct {
	ID, Email, Token string
}

const childPassword = "password-for-tests"

// mustSignup signs up a client (with an organisation) or a freelancer.
func (a api) mustSignup(t *testing.T, base, role, email string) account {
	t.Helper()
	in := map[string]string{"email": email, "password": childPassword, "name": strings.Split(email, "@")[0], "role": role}
	if role == "client" {
		in["org"] = "Org of " + in["name"]
	}
	var s struct {
		Token string `json:"token"`
		User  struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	a.must(t, http.StatusCreated, "POST", base+"/api/signup", "", in, &s)
	return account{ID: s.User.ID, Email: email, Token: s.Token}
}

// mustThread opens the thread between from and with.
func (a api) mustThread(t *testing.T, base string, from, with account) string {
	t.Helper()
	var th struct {
		ID string `json:"id"`
	}
	a.must(t, http.StatusCreated, "POST", base+"/api/threads", from.Token, map[string]string{"with": with.ID}, &th)
	return th.ID
}

// storedMessage is a message as GET /api/threads/{id}/messages lists it.
type storedMessage struct {
	ID         string `json:"id"`
	ThreadID   string `json:"thread_id"`
	SenderID   string `json:"sender_id"`
	Text       string `json:"text"`
	Action     string `json:"action"`
	DecisionID string `json:"decision_id"`
}

// mustMessages lists up to 500 messages of a thread, the API's maximum.
func (a api) mustMessages(t *testing.T, base, token, thread string) []storedMessage {
	t.Helper()
	var out struct {
		Messages []storedMessage `json:"messages"`
	}
	a.must(t, http.StatusOK, "GET", base+"/api/threads/"+thread+"/messages?limit=500", token, nil, &out)
	return out.Messages
}
