package ui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// staticSet serves the embedded static files. Pages link them with a hash
// of their content in the URL ("/static/app.css?v=3f2a..."), so a browser
// may keep them for a year and still sees a new version the moment the
// binary changes.
type staticSet struct {
	files map[string]staticFile // by name relative to static/
}

type staticFile struct {
	data  []byte
	hash  string // the first 16 hex digits of the content's SHA-256
	ctype string
}

// newStaticSet reads every file under dir of fsys once.
func newStaticSet(fsys fs.FS, dir string) (*staticSet, error) {
	s := &staticSet{files: make(map[string]staticFile)}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		name := strings.TrimPrefix(p, dir+"/")
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "text/plain; charset=utf-8"
		}
		s.files[name] = staticFile{data: data, hash: hex.EncodeToString(sum[:8]), ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ui: static files: %w", err)
	}
	return s, nil
}

// url returns the versioned URL of a static file; the template function
// "static". An unknown name is a template error, caught by the tests that
// render every page.
func (s *staticSet) url(name string) (string, error) {
	f, ok := s.files[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + name + "?v=" + f.hash, nil
}

// serve answers "GET /static/". Only a request naming the current hash is
// cached for long: an old page asking for an old version gets the current
// file, revalidated every time.
func (s *staticSet) serve(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	f, ok := s.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+f.hash+`"`)
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
}
