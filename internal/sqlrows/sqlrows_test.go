package sqlrows

import (
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	_ "modernc.org/sqlite"
)

func TestCollect(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3)`); err != nil {
		t.Fatal(err)
	}
	scanInt := func(r Scanner) (int, error) {
		var v int
		return v, r.Scan(&v)
	}
	rows, err := db.Query(`SELECT v FROM n ORDER BY v`)
	got, err := Collect(rows, err, scanInt)
	if err != nil || !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("Collect = %v, %v; want [1 2 3]", got, err)
	}
	rows, err = db.Query(`SELECT v FROM n WHERE v > 9`)
	if got, err := Collect(rows, err, scanInt); err != nil || got == nil || len(got) != 0 {
		t.Errorf("Collect of no rows = %#v, %v; want an empty slice", got, err)
	}
	queryErr := errors.New("the query failed")
	if _, err := Collect[int](nil, queryErr, scanInt); err != queryErr {
		t.Errorf("Collect with the query's error = %v, want it as it is", err)
	}
	scanErr := errors.New("bad row")
	rows, err = db.Query(`SELECT v FROM n`)
	if _, err := Collect(rows, err, func(Scanner) (int, error) { return 0, scanErr }); err != scanErr {
		t.Errorf("Collect with a failing scan = %v, want its error", err)
	}
}
