package store

import (
	"path/filepath"
	"testing"
)

func TestCompactKeepsDataAndShrinks(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	ctx := t.Context()
	src := insertTestSource(t, s)
	if _, err := s.w.ExecContext(ctx, `INSERT INTO pages(source_id, url) VALUES(?, 'u')`, src); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO chunks(page_id, ord, text) VALUES(1, ?, ?)`, i, string(make([]byte, 2000))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM chunks WHERE ord >= 10`); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SizeAfter >= rep.SizeBefore {
		t.Errorf("size %d → %d, want smaller after deleting most chunks", rep.SizeBefore, rep.SizeAfter)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM chunks`).Scan(&n); err != nil || n != 10 {
		t.Errorf("chunks after optimize = %d, %v", n, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check after optimize: %v", err)
	}
}
