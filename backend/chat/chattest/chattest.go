// Package chattest has a chat.Conversations for tests of the transports:
// each method calls the func field of the same name, so that a test sets
// only the behaviour it needs (the Litestream mock style).
package chattest

import (
	"context"

	"github.com/genkai-rag/genkai-rag/backend/chat"
)

// Conversations implements chat.Conversations with func fields; calling
// a method whose field is nil panics, naming the method, so a test sees
// at once which call it did not expect.
type Conversations struct {
	AskFunc           func(ctx context.Context, req chat.Request, fn func(chat.Event) error) (chat.Answer, error)
	RegenerateFunc    func(ctx context.Context, sessionID string, req chat.Request, fn func(chat.Event) error) (chat.Answer, error)
	SessionsFunc      func(ctx context.Context) ([]chat.Session, error)
	CreateSessionFunc func(ctx context.Context, title string) (chat.Session, error)
	SessionFunc       func(ctx context.Context, id string) (chat.Conversation, error)
	RenameSessionFunc func(ctx context.Context, id, title string) error
	DeleteSessionFunc func(ctx context.Context, id string) error
	ExportFunc        func(ctx context.Context, id, format string) ([]byte, string, error)
}

var _ chat.Conversations = (*Conversations)(nil)

func unexpected(method string) { panic("chattest.Conversations: unexpected call to " + method) }

// Ask calls AskFunc.
func (c *Conversations) Ask(ctx context.Context, req chat.Request, fn func(chat.Event) error) (chat.Answer, error) {
	if c.AskFunc == nil {
		unexpected("Ask")
	}
	return c.AskFunc(ctx, req, fn)
}

// Regenerate calls RegenerateFunc.
func (c *Conversations) Regenerate(ctx context.Context, sessionID string, req chat.Request, fn func(chat.Event) error) (chat.Answer, error) {
	if c.RegenerateFunc == nil {
		unexpected("Regenerate")
	}
	return c.RegenerateFunc(ctx, sessionID, req, fn)
}

// Sessions calls SessionsFunc.
func (c *Conversations) Sessions(ctx context.Context) ([]chat.Session, error) {
	if c.SessionsFunc == nil {
		unexpected("Sessions")
	}
	return c.SessionsFunc(ctx)
}

// CreateSession calls CreateSessionFunc.
func (c *Conversations) CreateSession(ctx context.Context, title string) (chat.Session, error) {
	if c.CreateSessionFunc == nil {
		unexpected("CreateSession")
	}
	return c.CreateSessionFunc(ctx, title)
}

// Session calls SessionFunc.
func (c *Conversations) Session(ctx context.Context, id string) (chat.Conversation, error) {
	if c.SessionFunc == nil {
		unexpected("Session")
	}
	return c.SessionFunc(ctx, id)
}

// RenameSession calls RenameSessionFunc.
func (c *Conversations) RenameSession(ctx context.Context, id, title string) error {
	if c.RenameSessionFunc == nil {
		unexpected("RenameSession")
	}
	return c.RenameSessionFunc(ctx, id, title)
}

// DeleteSession calls DeleteSessionFunc.
func (c *Conversations) DeleteSession(ctx context.Context, id string) error {
	if c.DeleteSessionFunc == nil {
		unexpected("DeleteSession")
	}
	return c.DeleteSessionFunc(ctx, id)
}

// Export calls ExportFunc.
func (c *Conversations) Export(ctx context.Context, id, format string) ([]byte, string, error) {
	if c.ExportFunc == nil {
		unexpected("Export")
	}
	return c.ExportFunc(ctx, id, format)
}
