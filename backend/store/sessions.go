package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Session is one chat conversation.
type Session struct {
	ID        string
	Title     string
	CreatedAt string // RFC 3339
	UpdatedAt string // RFC 3339, the last message's time
	Messages  int
}

// Message is one turn of a session. Citations is a JSON array kept as the
// chat package wrote it; Kind is "question", "answer", "refusal" or
// "search_results"; Status is "complete", "interrupted" or "stopped".
type Message struct {
	ID        int64
	SessionID string
	Role      string
	Content   string
	Citations string
	Kind      string
	Status    string
	Model     string
	CreatedAt string
}

// MaxSessionTitleRunes is the longest session title kept; CreateSession and
// RenameSession cut longer ones (chat refuses them before they get here).
const MaxSessionTitleRunes = 200

func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// newID returns a random 128-bit hex identifier.
func newID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("new id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// CreateSession starts a session with the given title (may be empty).
func (s *Store) CreateSession(ctx context.Context, title string) (Session, error) {
	defer s.sessionWrite()()
	id, err := newID()
	if err != nil {
		return Session{}, err
	}
	t := now()
	title = clip(title, MaxSessionTitleRunes)
	if _, err := s.w.ExecContext(ctx, `INSERT INTO sessions(id, title, created_at, updated_at) VALUES(?, ?, ?, ?)`, id, title, t, t); err != nil {
		return Session{}, s.classify("create session", err)
	}
	return Session{ID: id, Title: title, CreatedAt: t, UpdatedAt: t}, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// Sessions lists sessions, most recently updated first, with message counts.
func (s *Store) Sessions(ctx context.Context) ([]Session, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.id, s.title, s.created_at, s.updated_at,
			(SELECT count(*) FROM messages m WHERE m.session_id = s.id)
		FROM sessions s
		ORDER BY s.updated_at DESC,
			coalesce((SELECT max(m.id) FROM messages m WHERE m.session_id = s.id), 0) DESC,
			s.rowid DESC`)
	if err != nil {
		return nil, s.classify("list sessions", err)
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var x Session
		if err := rows.Scan(&x.ID, &x.Title, &x.CreatedAt, &x.UpdatedAt, &x.Messages); err != nil {
			return nil, s.classify("list sessions", err)
		}
		out = append(out, x)
	}
	return out, s.classify("list sessions", rows.Err())
}

// SessionByID returns one session, or ErrNotFound.
func (s *Store) SessionByID(ctx context.Context, id string) (Session, error) {
	var x Session
	err := s.r.QueryRowContext(ctx, `SELECT s.id, s.title, s.created_at, s.updated_at,
			(SELECT count(*) FROM messages m WHERE m.session_id = s.id)
		FROM sessions s WHERE s.id = ?`, id).Scan(&x.ID, &x.Title, &x.CreatedAt, &x.UpdatedAt, &x.Messages)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	return x, s.classify("read session", err)
}

// RenameSession sets a session's title; ErrNotFound if it does not exist.
func (s *Store) RenameSession(ctx context.Context, id, title string) error {
	defer s.sessionWrite()()
	res, err := s.w.ExecContext(ctx, `UPDATE sessions SET title = ? WHERE id = ?`, clip(title, MaxSessionTitleRunes), id)
	return s.affected("rename session", res, err)
}

// DeleteSession removes a session and its messages; ErrNotFound if missing.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	defer s.sessionWrite()()
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return s.affected("delete session", res, err)
}

func (s *Store) affected(op string, res sql.Result, err error) error {
	if err != nil {
		return s.classify(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.classify(op, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteSessionsBefore removes sessions last updated before t and returns
// how many it removed.
func (s *Store) DeleteSessionsBefore(ctx context.Context, t time.Time) (int64, error) {
	defer s.sessionWrite()()
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE updated_at < ?`, t.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	if err != nil {
		return 0, s.classify("clean up sessions", err)
	}
	n, err := res.RowsAffected()
	return n, s.classify("clean up sessions", err)
}

// AddMessage appends m to its session (ID and CreatedAt are filled in) and
// touches the session's updated_at. A missing session is ErrNotFound.
func (s *Store) AddMessage(ctx context.Context, m Message) (Message, error) {
	defer s.sessionWrite()()
	if m.Citations == "" {
		m.Citations = "[]"
	}
	if m.Status == "" {
		m.Status = "complete"
	}
	if m.Kind == "" {
		m.Kind = "answer"
	}
	m.CreatedAt = now()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return Message{}, s.classify("add message", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE sessions SET updated_at = ? WHERE id = ?`, m.CreatedAt, m.SessionID)
	if err := s.affected("add message", res, err); err != nil {
		return Message{}, err
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO messages(session_id, role, content, created_at, citations, status, kind, model)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?)`, m.SessionID, m.Role, m.Content, m.CreatedAt, m.Citations, m.Status, m.Kind, m.Model)
	if err != nil {
		return Message{}, s.classify("add message", err)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return Message{}, s.classify("add message", err)
	}
	return m, s.classify("add message", tx.Commit())
}

// Messages returns a session's messages, oldest first (ErrNotFound if the
// session does not exist).
func (s *Store) Messages(ctx context.Context, sessionID string) ([]Message, error) {
	if _, err := s.SessionByID(ctx, sessionID); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, session_id, role, content, citations, kind, status, model, created_at
		FROM messages WHERE session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, s.classify("list messages", err)
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.SessionID, &m.Role, &m.Content, &m.Citations, &m.Kind, &m.Status, &m.Model, &m.CreatedAt); err != nil {
			return nil, s.classify("list messages", err)
		}
		out = append(out, m)
	}
	return out, s.classify("list messages", rows.Err())
}

// DeleteMessagesFrom removes a session's messages with id >= from (used to
// regenerate an answer).
func (s *Store) DeleteMessagesFrom(ctx context.Context, sessionID string, from int64) error {
	defer s.sessionWrite()()
	_, err := s.w.ExecContext(ctx, `DELETE FROM messages WHERE session_id = ? AND id >= ?`, sessionID, from)
	return s.classify("delete messages", err)
}

// CountSessions returns how many sessions exist.
func (s *Store) CountSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&n)
	return n, s.classify("count sessions", err)
}

// IndexVersion is a counter that grows whenever a page is added, changed
// or removed; caches of answers key on it.
func (s *Store) IndexVersion(ctx context.Context) (int64, error) {
	v, err := s.Setting(ctx, "index_version")
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read index version: %q is not a number", v)
	}
	return n, nil
}

// The restore gate. A restore swaps the database file in under a running
// app; an answer streaming at that moment must not write half into the
// old data and half into the new. The session and message writes
// (CreateSession, RenameSession, DeleteSession, DeleteSessionsBefore,
// AddMessage, DeleteMessagesFrom) therefore run under a read lock of
// Store.gate, and a restore takes the write lock with HoldSessionWrites.

// HoldSessionWrites waits for the session and message writes in progress
// to finish and holds new ones until release is called; they then go to
// whatever database is in place (the restored one), or fail with an error
// if their session is not in it. Call release exactly once.
func (s *Store) HoldSessionWrites() (release func()) {
	s.gate.Lock()
	return s.gate.Unlock
}

// sessionWrite takes the gate for one session or message write; defer
// the function it returns.
func (s *Store) sessionWrite() (done func()) {
	s.gate.RLock()
	return s.gate.RUnlock
}
