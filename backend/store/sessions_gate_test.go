package store

import (
	"path/filepath"
	"testing"
	"time"
)

// TestHoldSessionWrites: while a restore holds the gate, session and
// message writes wait; they run when it is released.
func TestHoldSessionWrites(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	ctx := t.Context()
	sess, err := s.CreateSession(ctx, "t")
	if err != nil {
		t.Fatal(err)
	}
	release := s.HoldSessionWrites()
	done := make(chan error, 1)
	go func() {
		_, err := s.AddMessage(ctx, Message{SessionID: sess.ID, Role: "user", Content: "q", Kind: "question"})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("AddMessage ran while writes were held: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	if _, err := s.Sessions(ctx); err != nil { // reads are not held
		t.Fatal(err)
	}
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("AddMessage still waiting after release")
	}
}
