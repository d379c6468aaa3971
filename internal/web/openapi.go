package web

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3.1 description of every route; a test keeps its
// paths and the registered routes the same.
//
//go:embed openapi.json
var openAPI []byte

// serveOpenAPI answers GET /openapi.json.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(openAPI)
}
