package desktop

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/chat/chattest"
)

// blockingChat streams one token, closes started, then waits for its
// context to end.
func blockingChat(started chan struct{}) *chattest.Conversations {
	return &chattest.Conversations{
		AskFunc: func(ctx context.Context, req chat.Request, fn func(chat.Event) error) (chat.Answer, error) {
			fn(chat.Event{Type: "token", Text: req.Question})
			close(started)
			<-ctx.Done()
			return chat.Answer{Text: req.Question, Status: "stopped"}, ctx.Err()
		},
		SessionsFunc: func(context.Context) ([]chat.Session, error) {
			return []chat.Session{{ID: "s"}}, nil
		},
	}
}

func TestConversationsStreamAndStop(t *testing.T) {
	a, start := NewApp(nil)
	var mu sync.Mutex
	var events []string
	started := make(chan struct{})
	start(t.Context(), Services{Chat: blockingChat(started), Emit: func(name string, data any) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, name+"="+data.(chat.Event).Text)
	}}, nil)
	c := NewConversations(a)
	done := make(chan chat.Answer)
	go func() {
		ans, err := c.Ask("r1", chat.Request{Question: "q"})
		if err != nil {
			t.Errorf("Ask after Stop = %v, want nil (the answer says stopped)", err)
		}
		done <- ans
	}()
	<-started
	if _, err := c.Ask("r1", chat.Request{Question: "again"}); err == nil {
		t.Error("a second Ask with a running request id was accepted")
	}
	if !c.Stop("r1") {
		t.Fatal("Stop found no running request")
	}
	if ans := <-done; ans.Status != "stopped" {
		t.Errorf("answer = %+v", ans)
	}
	if c.Stop("r1") {
		t.Error("Stop after the end reported a running request")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) != 1 || events[0] != "chat:r1=q" {
		t.Errorf("events = %v", events)
	}
	if s, err := c.Sessions(); err != nil || len(s) != 1 {
		t.Errorf("Sessions() = %v, %v", s, err)
	}
}

func TestConversationsWithoutChat(t *testing.T) {
	a, start := NewApp(nil)
	start(t.Context(), Services{}, nil)
	if _, err := NewConversations(a).Sessions(); !errors.Is(err, ErrNoChat) {
		t.Errorf("err = %v, want ErrNoChat", err)
	}
}
