package detect

//go:generate go run ./internal/gentlds tlds_gen.go

// isTLD reports whether the lower-case label is a public top-level domain.
func isTLD(label string) bool { return tlds[label] }
