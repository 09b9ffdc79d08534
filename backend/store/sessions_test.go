package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSessionsLifecycle(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	a, err := s.CreateSession(ctx, "GPUジョブ")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateSession(ctx, strings.Repeat("長", MaxSessionTitleRunes+5))
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(b.Title)); n != MaxSessionTitleRunes {
		t.Errorf("title kept %d runes, want %d", n, MaxSessionTitleRunes)
	}
	q, err := s.AddMessage(ctx, Message{SessionID: a.ID, Role: "user", Content: "質問", Kind: "question"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMessage(ctx, Message{SessionID: a.ID, Role: "assistant", Content: "答え", Citations: `[{"n":1}]`, Status: "interrupted", Model: "m"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a.ID || list[0].Messages != 2 {
		t.Fatalf("sessions = %+v, want a first with 2 messages", list)
	}
	msgs, err := s.Messages(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].ID != q.ID || msgs[1].Citations != `[{"n":1}]` || msgs[1].Status != "interrupted" || msgs[1].Kind != "answer" {
		t.Fatalf("messages = %+v", msgs)
	}
	if err := s.RenameSession(ctx, a.ID, "新しい名前"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SessionByID(ctx, a.ID); got.Title != "新しい名前" {
		t.Errorf("title = %q after rename", got.Title)
	}
	if err := s.DeleteMessagesFrom(ctx, a.ID, msgs[1].ID); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := s.Messages(ctx, a.ID); len(msgs) != 1 {
		t.Errorf("%d messages after DeleteMessagesFrom, want 1", len(msgs))
	}
	for name, err := range map[string]error{
		"rename missing": s.RenameSession(ctx, "nope", "x"),
		"delete missing": s.DeleteSession(ctx, "nope"),
		"message missing": func() error {
			_, err := s.AddMessage(ctx, Message{SessionID: "nope", Role: "user", Content: "x"})
			return err
		}(),
		"list missing": func() error { _, err := s.Messages(ctx, "nope"); return err }(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
	if err := s.DeleteSession(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountSessions(ctx); n != 1 {
		t.Errorf("CountSessions = %d, want 1", n)
	}
}

func TestDeleteSessionsBefore(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	old, _ := s.CreateSession(ctx, "old")
	if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET updated_at = '2020-01-01T00:00:00.000Z' WHERE id = ?`, old.ID); err != nil {
		t.Fatal(err)
	}
	keep, _ := s.CreateSession(ctx, "new")
	n, err := s.DeleteSessionsBefore(ctx, time.Now().AddDate(0, 0, -30))
	if err != nil || n != 1 {
		t.Fatalf("DeleteSessionsBefore = %d, %v; want 1", n, err)
	}
	if _, err := s.SessionByID(ctx, keep.ID); err != nil {
		t.Errorf("recent session gone: %v", err)
	}
}

func TestIndexVersionGrowsWithPages(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	v0, err := s.IndexVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src := insertTestSource(t, s)
	if _, err := s.w.ExecContext(ctx, `INSERT INTO pages(source_id, url, content_hash) VALUES(?, 'u', 'h1')`, src); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.IndexVersion(ctx)
	if _, err := s.w.ExecContext(ctx, `UPDATE pages SET content_hash = 'h1', etag = 'e'`); err != nil {
		t.Fatal(err)
	}
	same, _ := s.IndexVersion(ctx)
	if _, err := s.w.ExecContext(ctx, `UPDATE pages SET content_hash = 'h2'`); err != nil {
		t.Fatal(err)
	}
	v2, _ := s.IndexVersion(ctx)
	if !(v1 > v0 && same == v1 && v2 > v1) {
		t.Errorf("versions %d → %d → %d → %d: want growth on insert and content change only", v0, v1, same, v2)
	}
}

func insertTestSource(t *testing.T, s *Store) int64 {
	t.Helper()
	res, err := s.w.Exec(`INSERT INTO sources(kind, location, created_at) VALUES('folder', '/x', '2026-01-01T00:00:00Z')`)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}
