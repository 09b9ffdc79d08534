package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Message is wire.ChatMessage, the shape clients see; see there.
type Message = wire.ChatMessage

// Conversation is wire.Conversation, the shape clients see; see there.
type Conversation = wire.Conversation

// Session is wire.Session: a session as clients see it.
type Session = wire.Session

// sessionOf is the client's view of a stored session.
func sessionOf(r store.Session) Session { return Session(r) }

// Sessions lists the sessions, most recent first.
func (s *Service) Sessions(ctx context.Context) ([]Session, error) {
	list, err := s.db.Sessions(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	out := make([]Session, len(list))
	for i, r := range list {
		out[i] = sessionOf(r)
	}
	return out, nil
}

// MaxTitleRunes is the longest session title, in characters (runes) after
// trimming surrounding white space. Titles made from a question are cut
// shorter (with "…"); a longer title typed by the user is an error.
const MaxTitleRunes = store.MaxSessionTitleRunes

// checkTitle trims title and refuses it over MaxTitleRunes (ErrTitleTooLong).
func checkTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if n := utf8.RuneCountInString(title); n > MaxTitleRunes {
		return "", fmt.Errorf("%w: it is %d characters; the limit is %d — shorten it", ErrTitleTooLong, n, MaxTitleRunes)
	}
	return title, nil
}

// CreateSession starts an empty session titled title (trimmed; may be
// empty). Errors: ErrTitleTooLong for a title over MaxTitleRunes.
func (s *Service) CreateSession(ctx context.Context, title string) (Session, error) {
	title, err := checkTitle(title)
	if err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	sess, err := s.db.CreateSession(ctx, title)
	if err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	return sessionOf(sess), nil
}

// Session returns a session with its messages, or an error wrapping
// ErrNotFound.
func (s *Service) Session(ctx context.Context, id string) (Conversation, error) {
	sess, err := s.db.SessionByID(ctx, id)
	if err != nil {
		return Conversation{}, notFound("read session", id, err)
	}
	msgs, err := s.db.Messages(ctx, id)
	if err != nil {
		return Conversation{}, notFound("read session", id, err)
	}
	c := Conversation{Session: sessionOf(sess), History: make([]Message, len(msgs))}
	for i, m := range msgs {
		c.History[i] = Message{ID: m.ID, Role: m.Role, Content: m.Content, Kind: m.Kind, Status: m.Status, Model: m.Model, CreatedAt: m.CreatedAt, Citations: []Citation{}}
		if err := json.Unmarshal([]byte(m.Citations), &c.History[i].Citations); err != nil {
			s.log.Warn("message citations unreadable", "message", m.ID, "err", err)
		}
	}
	return c, nil
}

// RenameSession retitles a session; the title (trimmed) must not be blank
// nor longer than MaxTitleRunes (ErrTitleTooLong).
func (s *Service) RenameSession(ctx context.Context, id, title string) error {
	title, err := checkTitle(title)
	if err != nil {
		return fmt.Errorf("rename session: %w", err)
	}
	if title == "" {
		return fault.Wrap(fault.TitleInvalid, "", errors.New("rename session: the title is empty"))
	}
	return notFound("rename session", id, s.db.RenameSession(ctx, id, title))
}

// DeleteSession removes a session and its messages.
func (s *Service) DeleteSession(ctx context.Context, id string) error {
	return notFound("delete session", id, s.db.DeleteSession(ctx, id))
}

// Cleanup removes sessions not updated for days days (at least 1) and
// returns how many.
func (s *Service) Cleanup(ctx context.Context, days int) (int64, error) {
	if days < 1 {
		return 0, fmt.Errorf("clean up sessions: days must be at least 1, got %d", days)
	}
	n, err := s.db.DeleteSessionsBefore(ctx, s.cfg.Now().Add(-time.Duration(days)*24*time.Hour))
	if err != nil {
		return 0, fmt.Errorf("clean up sessions: %w", err)
	}
	s.log.Info("sessions cleaned up", "days", days, "removed", n)
	return n, nil
}

func notFound(op, id string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: %w: no session %q", op, ErrNotFound, id)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// Export renders a session as "markdown" or "json" and returns the bytes
// and a file name for them.
func (s *Service) Export(ctx context.Context, id, format string) ([]byte, string, error) {
	c, err := s.Session(ctx, id)
	if err != nil {
		return nil, "", err
	}
	base := "genkai-rag-session-" + id
	if len(id) > 8 {
		base = "genkai-rag-session-" + id[:8]
	}
	switch format {
	case "json":
		b, err := json.MarshalIndent(c, "", "  ")
		return append(b, '\n'), base + ".json", err
	case "markdown", "md", "":
		return markdown(c), base + ".md", nil
	}
	return nil, "", fmt.Errorf("export session: unknown format %q (use markdown or json)", format)
}

func markdown(c Conversation) []byte {
	var b bytes.Buffer
	title := c.Title
	if title == "" {
		title = "Genkai RAG"
	}
	fmt.Fprintf(&b, "# %s\n\n_%s_\n", title, c.CreatedAt)
	for _, m := range c.History {
		switch m.Role {
		case "user":
			fmt.Fprintf(&b, "\n## 質問 / Question\n\n%s\n", m.Content)
		default:
			label := "回答 / Answer"
			switch m.Kind {
			case KindRefusal:
				label = "回答（資料に記載なし）/ Not covered"
			case KindSearchResults:
				label = "検索結果 / Search results"
			}
			if m.Status != "complete" {
				label += " (" + m.Status + ")"
			}
			fmt.Fprintf(&b, "\n## %s\n\n%s\n", label, m.Content)
			if len(m.Citations) > 0 {
				b.WriteString("\n出典 / Sources:\n\n")
				for _, ct := range m.Citations {
					name := ct.Title
					if ct.Section != "" && ct.Section != ct.Title {
						name += " — " + ct.Section
					}
					fmt.Fprintf(&b, "%d. [%s](%s)", ct.N, name, ct.URL)
					if ct.FetchedAt != "" {
						fmt.Fprintf(&b, " (%s)", ct.FetchedAt)
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return b.Bytes()
}
