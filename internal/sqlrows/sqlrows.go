// Package sqlrows reads query results into slices, for the stores.
package sqlrows

import "database/sql"

// Scanner is what a row offers: *sql.Row and *sql.Rows both are.
type Scanner = interface{ Scan(...any) error }

// Collect reads every row of rows with scan and closes rows; err is the
// error of the query that made rows, returned as it is. None gives an
// empty slice, not nil.
func Collect[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
