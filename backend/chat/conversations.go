package chat

import (
	"context"
)

// Conversations is the answer and session service both transports call
// (POST /api/query and /api/sessions over HTTP, the Conversations facade
// in the desktop app). *Service implements it. Errors are the package's
// (ErrEmptyQuestion, ErrQuestionTooLong, ErrNotFound, ErrUnknownModel,
// ErrModelUnavailable, ErrInterrupted, ErrTitleTooLong) and the search's
// (search.ErrEmptyQuery, search.ErrBadQuery), wrapped with details.
type Conversations interface {
	// Ask answers req, calling fn (if not nil) for every step of the
	// answer, and stores both turns in req's session (a new one when
	// req.SessionID is empty).
	Ask(ctx context.Context, req Request, fn func(Event) error) (Answer, error)
	// Regenerate answers the session's last question again, replacing
	// the last answer.
	Regenerate(ctx context.Context, sessionID string, req Request, fn func(Event) error) (Answer, error)
	// Sessions lists the sessions, newest first.
	Sessions(ctx context.Context) ([]Session, error)
	// CreateSession starts an empty session ("" title: a default one).
	CreateSession(ctx context.Context, title string) (Session, error)
	// Session returns a session with its messages (ErrNotFound).
	Session(ctx context.Context, id string) (Conversation, error)
	// RenameSession sets a session's title (ErrTitleTooLong, ErrNotFound).
	RenameSession(ctx context.Context, id, title string) error
	// DeleteSession removes a session and its messages.
	DeleteSession(ctx context.Context, id string) error
	// Export renders a session as "markdown" or "json": the bytes and
	// their content type.
	Export(ctx context.Context, id, format string) ([]byte, string, error)
}

var _ Conversations = (*Service)(nil)
