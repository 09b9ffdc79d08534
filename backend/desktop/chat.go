package desktop

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ChatEvent is the name of the window event a streamed answer's steps are
// sent under, followed by ":" and the caller's request ID.
const ChatEvent = "chat"

// ErrNoChat is returned when answering is not available.
var ErrNoChat = errors.New("answering is not available")

// Conversations is bound as window.go.desktop.Conversations: questions with
// streamed answers, and the session list. A question's steps are sent as
// window events named "chat:REQUEST_ID" while Ask runs; Stop(REQUEST_ID)
// ends it, keeping the partial answer.
type Conversations struct {
	app *App

	mu      sync.Mutex
	running map[string]context.CancelFunc
}

// NewConversations returns the facade; it answers once app has started.
func NewConversations(app *App) *Conversations {
	return &Conversations{app: app, running: map[string]context.CancelFunc{}}
}

func (c *Conversations) services() (running, error) {
	r, err := c.app.wait()
	if err == nil && r.chat == nil {
		err = ErrNoChat
	}
	return r, err
}

// stream runs ask under requestID, emitting its events, and returns the
// final answer. A second call with a running requestID is refused.
func (c *Conversations) stream(requestID string, ask func(ctx context.Context, r running, fn func(chat.Event) error) (chat.Answer, error)) (chat.Answer, error) {
	r, err := c.services()
	if err != nil {
		return chat.Answer{}, err
	}
	if requestID == "" {
		return chat.Answer{}, errors.New("request id is empty")
	}
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	c.mu.Lock()
	if _, busy := c.running[requestID]; busy {
		c.mu.Unlock()
		return chat.Answer{}, fmt.Errorf("request %q is already running", requestID)
	}
	c.running[requestID] = cancel
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.running, requestID)
		c.mu.Unlock()
	}()
	name := ChatEvent + ":" + requestID
	ans, err := ask(ctx, r, func(ev chat.Event) error {
		r.emit(name, ev)
		return nil
	})
	if err != nil && errors.Is(err, context.Canceled) && r.ctx.Err() == nil {
		return ans, nil // stopped by the user: the answer says "stopped"
	}
	return ans, err
}

// Ask answers req, emitting its steps as "chat:requestID" events, and
// returns the final answer (also when stopped: Status "stopped").
func (c *Conversations) Ask(requestID string, req chat.Request) (chat.Answer, error) {
	return c.stream(requestID, func(ctx context.Context, r running, fn func(chat.Event) error) (chat.Answer, error) {
		return r.chat.Ask(ctx, req, fn)
	})
}

// Regenerate answers the session's last question again, as Ask does.
func (c *Conversations) Regenerate(requestID, sessionID string, req chat.Request) (chat.Answer, error) {
	return c.stream(requestID, func(ctx context.Context, r running, fn func(chat.Event) error) (chat.Answer, error) {
		return r.chat.Regenerate(ctx, sessionID, req, fn)
	})
}

// Stop ends the running request requestID; it reports whether one ran.
func (c *Conversations) Stop(requestID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	cancel, ok := c.running[requestID]
	if ok {
		cancel()
	}
	return ok
}

// Sessions lists the sessions, most recent first.
func (c *Conversations) Sessions() ([]chat.Session, error) {
	r, err := c.services()
	if err != nil {
		return nil, err
	}
	return r.chat.Sessions(r.ctx)
}

// CreateSession starts an empty session.
func (c *Conversations) CreateSession(title string) (chat.Session, error) {
	r, err := c.services()
	if err != nil {
		return chat.Session{}, err
	}
	return r.chat.CreateSession(r.ctx, title)
}

// Session returns a session with its messages.
func (c *Conversations) Session(id string) (chat.Conversation, error) {
	r, err := c.services()
	if err != nil {
		return chat.Conversation{}, err
	}
	return r.chat.Session(r.ctx, id)
}

// RenameSession retitles a session.
func (c *Conversations) RenameSession(id, title string) error {
	r, err := c.services()
	if err != nil {
		return err
	}
	return r.chat.RenameSession(r.ctx, id, title)
}

// DeleteSession removes a session and its messages.
func (c *Conversations) DeleteSession(id string) error {
	r, err := c.services()
	if err != nil {
		return err
	}
	return r.chat.DeleteSession(r.ctx, id)
}

// Exported is wire.Exported, the shape clients see; see there.
type Exported = wire.Exported

// Export renders a session as "markdown" or "json".
func (c *Conversations) Export(id, format string) (Exported, error) {
	r, err := c.services()
	if err != nil {
		return Exported{}, err
	}
	b, name, err := r.chat.Export(r.ctx, id, format)
	if err != nil {
		return Exported{}, err
	}
	return Exported{Filename: name, Content: string(b)}, nil
}
