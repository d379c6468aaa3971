package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// 9. The stateless engine, health, metrics and the OpenAPI document.
func TestEngine(t *testing.T) {
	e := newEnv(t)

	r := e.want(http.StatusOK, "POST", "/v1/scan", "", map[string]any{"id": 7, "text": "mail ana dot lima at gmail dot com or call +1 312 555 0148"})
	fs := r.Body["findings"].([]any)
	var kinds []string
	for _, f := range fs {
		kinds = append(kinds, get(f, "kind").(string))
		for _, k := range []string{"kind", "start", "end", "text", "value", "confidence", "rule"} {
			if _, ok := f.(map[string]any)[k]; !ok {
				t.Errorf("finding %v lacks %q", f, k)
			}
		}
	}
	if !slices.Contains(kinds, "email") || !slices.Contains(kinds, "phone") || r.Body["id"] != 7.0 {
		t.Fatalf("POST /v1/scan = %s, want an email and a phone, id 7", r.Raw)
	}
	r = e.want(http.StatusOK, "POST", "/v1/scan", "", map[string]any{"text": "mail ana.lima@gmail.com or call +1 312 555 0148", "kinds": []string{"phone"}})
	if fs := r.Body["findings"].([]any); len(fs) != 1 || get(fs[0], "kind") != "phone" {
		t.Fatalf("POST /v1/scan kinds=phone = %s", r.Raw)
	}
	r = e.want(http.StatusOK, "POST", "/v1/scan", "", map[string]any{"text": "nothing here"})
	if string(r.Raw) != `{"findings":[]}`+"\n" {
		t.Fatalf("POST /v1/scan clean = %s, want empty findings", r.Raw)
	}
	e.want(http.StatusBadRequest, "POST", "/v1/scan", "", map[string]any{"text": "x", "kinds": []string{"carrier_pigeon"}})
	e.want(http.StatusBadRequest, "POST", "/v1/scan", "", map[string]any{"kinds": []string{"email"}})
	r = e.want(http.StatusOK, "POST", "/v1/scan", "", map[string]any{"text": "0148", "earlier": []string{"my number is +1 312 555"}})
	if fs := r.Body["findings"].([]any); len(fs) != 1 || get(fs[0], "value") != "+13125550148" {
		t.Fatalf("POST /v1/scan with earlier = %s, want the phone completed", r.Raw)
	}

	ctx := map[string]any{"channel": "message", "sender": "freelancer", "enterprise": false, "contract": "none"}
	r = e.want(http.StatusOK, "POST", "/v1/check", "", map[string]any{"id": "m1", "text": "pay me via paypal.me/ana", "context": ctx})
	for _, k := range []string{"action", "flag", "findings", "reasons", "redacted", "policy", "detector"} {
		if _, ok := r.Body[k]; !ok {
			t.Errorf("POST /v1/check lacks %q: %s", k, r.Raw)
		}
	}
	if r.Body["action"] != "block" || r.Body["flag"] != true || r.Body["id"] != "m1" || get(r.Body["reasons"].([]any)[0], "rule") != "off-platform-payment" {
		t.Fatalf("POST /v1/check = %s", r.Raw)
	}
	ctx["enterprise"] = true
	r = e.want(http.StatusOK, "POST", "/v1/check", "", map[string]any{"text": "my email is ana.lima@gmail.com", "context": ctx})
	if r.Body["action"] != "allow" {
		t.Fatalf("POST /v1/check enterprise = %s", r.Raw)
	}
	r = e.want(http.StatusBadRequest, "POST", "/v1/check", "", map[string]any{"text": "hi"})
	if msg := get(r.Body, "error.message"); msg != "context: required" {
		t.Fatalf("no context = %s", r.Raw)
	}
	e.want(http.StatusBadRequest, "POST", "/v1/check", "", map[string]any{"text": "hi", "context": map[string]any{"channel": "carrier_pigeon", "sender": "client"}})
	e.want(http.StatusBadRequest, "POST", "/v1/check", "", map[string]any{"text": "hi", "context": map[string]any{"channel": "message", "sender": "client", "mood": "good"}})
	e.want(http.StatusRequestEntityTooLarge, "POST", "/v1/check", "", `{"text":"`+strings.Repeat("a", MaxEngineBodyBytes)+`"}`)

	r = e.want(http.StatusOK, "GET", "/healthz", "", nil)
	if string(r.Raw) != `{"status":"ok"}`+"\n" {
		t.Fatalf("GET /healthz = %s", r.Raw)
	}

	r = e.want(http.StatusOK, "GET", "/metrics", "", nil)
	for _, want := range []string{
		`chaperone_decisions_total{action="block"} 1`,
		`chaperone_decisions_total{action="allow"} 1`,
		`chaperone_decision_rules_total{rule="off-platform-payment"} 1`,
		`chaperone_decision_rules_total{rule="enterprise-private"}`,
		`chaperone_decisions_flagged_total 1`,
		`chaperone_http_requests_total{code="200",route="POST /v1/scan"} 4`,
		`chaperone_http_requests_total{code="400",route="POST /v1/check"} 3`,
		`chaperone_http_request_duration_seconds_bucket{route="GET /healthz",le=`,
		`chaperone_scanned_bytes_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(string(r.Raw), want) {
			t.Errorf("GET /metrics lacks %s", want)
		}
	}
}

// Marketplace decisions, refusals included, are counted.
func TestMetricsCountMarketDecisions(t *testing.T) {
	w := newWorld(t)
	th := w.thread(w.ana, w.ord)
	w.send(http.StatusCreated, w.ana, th, "hello")
	w.send(http.StatusUnprocessableEntity, w.ana, th, "my email is ana.lima@gmail.com")
	w.send(http.StatusCreated, w.ana, th, "what's your whatsapp?")
	r := w.want(http.StatusOK, "GET", "/metrics", "", nil)
	for _, want := range []string{
		`chaperone_decisions_total{action="allow"} 1`,
		`chaperone_decisions_total{action="block"} 1`,
		`chaperone_decisions_total{action="warn"} 1`,
		`chaperone_decision_rules_total{rule="private-contact"} 1`,
		`chaperone_decision_rules_total{rule="private-request"} 2`,
		`chaperone_http_requests_total{code="422",route="POST /api/threads/{id}/messages"} 1`,
	} {
		if !strings.Contains(string(r.Raw), want) {
			t.Errorf("GET /metrics lacks %s", want)
		}
	}
}

// The OpenAPI document is valid JSON and describes exactly the routes.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t)
	r := e.want(http.StatusOK, "GET", "/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(r.Raw, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi = %q, want 3.1", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
			var o struct {
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil || len(o.Responses) == 0 {
				t.Errorf("%s %s has no responses", method, path)
			}
		}
	}
	routes := New(e.svc, nil).Routes()
	sort.Strings(documented)
	sort.Strings(routes)
	if !slices.Equal(documented, routes) {
		t.Errorf("OpenAPI operations and routes differ:\n documented only: %q\n routed only: %q", minus(documented, routes), minus(routes, documented))
	}
	if unresolved := danglingRefs(r.Raw); len(unresolved) > 0 {
		t.Errorf("openapi.json refers to undefined schemas: %q", unresolved)
	}
}

// minus returns the items of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// danglingRefs returns the "$ref"s of doc naming no component schema.
func danglingRefs(doc []byte) []string {
	var d struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	json.Unmarshal(doc, &d)
	var out []string
	for _, part := range strings.Split(string(doc), `"$ref": "#/components/schemas/`)[1:] {
		name, _, _ := strings.Cut(part, `"`)
		if _, ok := d.Components.Schemas[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}
