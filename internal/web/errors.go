package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// Body limits. A marketplace write is at most market.MaxTextBytes of text,
// so 64 KiB leaves room for JSON escaping; the engine endpoints take texts
// up to the detector's own limit (1 MiB by default) and the thread's
// earlier messages.
const (
	MaxBodyBytes       = 64 << 10
	MaxEngineBodyBytes = 2 << 20
)

// Codes of the errors the HTTP layer gives itself, beside market's.
const (
	codeTooLarge         market.Code = "too_large"
	codeMethodNotAllowed market.Code = "method_not_allowed"
	codeUnavailable      market.Code = "unavailable"
	codeRateLimited      market.Code = "rate_limited"
	codeNotAcceptable    market.Code = "not_acceptable"
)

// statusOf maps each error code to its HTTP status: the one table. A code
// missing here answers 500.
var statusOf = map[market.Code]int{
	market.Invalid:       http.StatusBadRequest,
	market.Unauthorized:  http.StatusUnauthorized,
	market.Forbidden:     http.StatusForbidden,
	market.NotFound:      http.StatusNotFound,
	market.Conflict:      http.StatusConflict,
	market.Refused:       http.StatusUnprocessableEntity,
	market.Internal:      http.StatusInternalServerError,
	codeTooLarge:         http.StatusRequestEntityTooLarge,
	codeMethodNotAllowed: http.StatusMethodNotAllowed,
	codeUnavailable:      http.StatusServiceUnavailable,
	codeRateLimited:      http.StatusTooManyRequests,
	codeNotAcceptable:    http.StatusNotAcceptable,
}

// errorBody is the envelope of every error but a refusal, whose body is
// the decision itself.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    market.Code `json:"code"`
	Message string      `json:"message"`
}

// fieldRefusal is the body of a refused write of several texts: the
// decision, and the field it is about.
type fieldRefusal struct {
	*market.Decision
	Field string `json:"field"`
}

// writeJSON writes v as the JSON body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own types are encoded, so this is a bug: say so plainly.
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"internal error"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeError answers err: a refusal with its decision and 422, any other
// market error with the envelope and the status of its code. Internal
// details are logged, never sent.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var me *market.Error
	if !errors.As(err, &me) {
		me = &market.Error{Code: market.Internal, Message: "internal error", Err: err}
	}
	status, ok := statusOf[me.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError && errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		// The request's deadline passed while it waited, most likely on
		// the database: say so, and that a retry may pass.
		s.log.WarnContext(r.Context(), "request timed out", "method", r.Method, "route", r.Pattern, "timeout", s.opts.RequestTimeout, "err", err)
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: errorDetail{Code: codeUnavailable,
			Message: "the request took longer than " + s.opts.RequestTimeout.String() + ": try again"}})
		return
	}
	if me.Code == market.Refused && me.Decision != nil {
		s.countDecision(me.Decision)
		if d, ok := me.Decision.(*market.Decision); ok && me.Field != "" {
			writeJSON(w, status, fieldRefusal{Decision: d, Field: me.Field})
			return
		}
		writeJSON(w, status, me.Decision)
		return
	}
	msg := me.Message
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", r.Pattern, "err", err)
		me.Code, msg = market.Internal, "internal error"
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: me.Code, Message: msg}})
}

// invalid returns an Invalid error with a formatted message.
func invalid(format string, args ...any) error {
	return market.Errorf(market.Invalid, format, args...)
}

// decodeJSON reads r's body, at most limit bytes of UTF-8 holding one JSON
// object, into v (a pointer to a struct), refusing unknown fields, values
// of the wrong type and trailing data. Fields tagged `required:"true"`
// must be present and not null.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return market.Errorf(codeTooLarge, "request body too large: the limit is %d bytes (%d KiB)", limit, limit>>10)
	case err != nil:
		return invalid("could not read the request body")
	case len(bytes.TrimSpace(body)) == 0:
		return invalid("request body is empty: send a JSON object")
	case !utf8.Valid(body):
		// encoding/json would silently replace invalid bytes with U+FFFD.
		return invalid("body is not valid UTF-8")
	}
	if err := checkEscapes(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("malformed JSON: unexpected data after the JSON object")
	}
	present, err := checkDuplicateKeys(body)
	if err != nil {
		return err
	}
	return checkRequired(present, v)
}

// checkDuplicateKeys rejects an object that names a key twice, at any
// depth, and the request object naming a field twice in different case
// (encoding/json matches field names case-insensitively). encoding/json
// would keep the last value silently, so a proxy or a log that reads the
// first would see another request than the one served. body is one valid
// JSON value; the walk is iterative, so nesting costs no stack. The same
// walk notes the request object's keys, as written, and whether each has
// a value other than null, for checkRequired.
func checkDuplicateKeys(body []byte) (map[string]bool, error) {
	present := map[string]bool{}
	pending := "" // a top-level key whose value comes next
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		keys   map[string]bool
		expect bool // the next token of an object is a key
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return present, nil
		}
		if err != nil {
			return present, nil // the decoder has reported it already
		}
		top := len(stack) - 1
		if top == 0 && pending != "" {
			present[pending] = tok != nil
			pending = ""
		}
		if top >= 0 && stack[top].object && stack[top].expect {
			if key, ok := tok.(string); ok {
				name := key
				if top == 0 {
					name = strings.ToLower(key)
				}
				if stack[top].keys[name] {
					return nil, invalid("duplicate field %q", key)
				}
				stack[top].keys[name] = true
				if top == 0 {
					pending = key
				}
				stack[top].expect = false
				continue
			}
		}
		if top >= 0 && stack[top].object {
			stack[top].expect = true // after this value, a key or the end
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, keys: map[string]bool{}, expect: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
		}
	}
}

// jsonError turns an encoding/json error into a message for people.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return invalid("malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("malformed JSON: the body ends too early")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return invalid("the body must be a JSON object, not %s", typ.Value)
		}
		return invalid("%s: must be %s, not %s", typ.Field, jsonTypeName(typ.Type), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return invalid("unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return invalid("malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonTypeName names a Go type as a JSON one.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.String()
}

// checkRequired reports the first field of v tagged `required:"true"`
// that the request object lacks or sets to null; present maps its keys to
// whether their value is other than null.
func checkRequired(present map[string]bool, v any) error {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("required") != "true" {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !present[name] {
			return invalid("%s: required", name)
		}
	}
	return nil
}

// checkEscapes rejects \u escapes that encode half of a UTF-16
// surrogate pair alone, which encoding/json would silently turn into
// U+FFFD, just as it would invalid UTF-8 bytes, and \u0000: no field
// holds a NUL, and PostgreSQL's text cannot store one.
func checkEscapes(body []byte) error {
	inString := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\' && i+1 < len(body):
			i++
			if body[i] != 'u' {
				continue
			}
			hi, ok := hex4(body, i+1)
			if !ok {
				continue // the decoder reports it
			}
			i += 4
			switch {
			case hi == 0:
				return invalid("body holds a NUL character (\\u0000), which no field may contain")
			case hi >= 0xDC00 && hi <= 0xDFFF:
				return invalid("body is not valid UTF-8: a lone \\u%X surrogate escape", hi)
			case hi >= 0xD800 && hi <= 0xDBFF:
				if i+2 >= len(body) || body[i+1] != '\\' || body[i+2] != 'u' {
					return invalid("body is not valid UTF-8: a lone \\u%X surrogate escape", hi)
				}
				lo, ok := hex4(body, i+3)
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return invalid("body is not valid UTF-8: a lone \\u%X surrogate escape", hi)
				}
				i += 6
			}
		}
	}
	return nil
}

// hex4 reads four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
