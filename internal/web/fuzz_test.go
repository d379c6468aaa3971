package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// FuzzDecodeJSON feeds request bodies to decodeJSON for the request types
// of the API. Invariants: no panic; an error is a market error whose code
// maps to a 4xx status (never 5xx); a body accepted is valid UTF-8 and
// valid JSON. Seeds are below and in testdata/fuzz/FuzzDecodeJSON.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"text": "hi"}`,
		`{"text": "hi"`,
		``,
		`null`,
		`[]`,
		`{"text": 5}`,
		`{"text": "a", "text": "b"}`,
		`{"text": "a", "TEXT": "b"}`,
		`{"text": "\ud800"}`,
		`{"text": "\u0000"}`,
		"{\"text\": \"\xff\"}",
		`{"rating": 1e400, "text": "x"}`,
		`{"rating": 99999999999999999999, "text": "x"}`,
		`{"email": "a@b.c", "password": "p", "name": "n", "role": "client", "org": "o"}`,
		`{"text": "x", "context": {"channel": "message", "sender": "client", "contract": "none", "enterprise": true}}`,
		`{"id": {"a": [1, {"b": null}]}, "text": "x", "kinds": ["email"]}`,
		`{"text": "x"} trailing`,
		`{"text": "x", "unknown": 1}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	} {
		f.Add([]byte(seed))
	}
	targets := []func() any{
		func() any { return new(textRequest) },
		func() any { return new(reviewRequest) },
		func() any { return new(signupRequest) },
		func() any { return new(scanRequest) },
		func() any { return new(engineCheckRequest) },
		func() any { return new(contractRequest) },
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range targets {
			v := target()
			w := httptest.NewRecorder()
			r := httptest.NewRequest("POST", "/api/x", bytes.NewReader(body))
			err := decodeJSON(w, r, 4<<10, v)
			if err == nil {
				if !utf8.Valid(body) || !json.Valid(body) {
					t.Fatalf("decodeJSON(%q) into %T accepted invalid input", body, v)
				}
				continue
			}
			var me *market.Error
			if !errors.As(err, &me) {
				t.Fatalf("decodeJSON(%q) into %T = %v, want a market error", body, v, err)
			}
			status, ok := statusOf[me.Code]
			if !ok || status < 400 || status >= 500 || me.Message == "" {
				t.Fatalf("decodeJSON(%q) into %T = %v (status %d), want a 4xx with a message", body, v, err, status)
			}
		}
	})
}
