package llm

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestChat(t *testing.T) {
	f, srv := newFake(t)
	temp, topP := 0.2, 0.9
	tests := []struct {
		name, host, model string
		opts              GenOptions
		wantText          string
		wantErr           error  // nil: success
		wantMsg           string // in the error
	}{
		{name: "streams", model: "tiny", opts: GenOptions{Temperature: &temp, MaxTokens: 64, ContextLength: 4096, TopP: &topP}, wantText: "玄界はスーパーコンピュータです。"},
		{name: "not installed", model: "llama3.2:1b", wantErr: ErrModelNotFound, wantMsg: "installed: bge-m3:latest, tiny:latest"},
		{name: "no model", model: "", wantErr: ErrModelNotFound, wantMsg: "llm.default_model"},
		{name: "error mid-stream", model: "broken", wantText: "玄界は九州大学の", wantMsg: "llama runner process has terminated"},
		{name: "long thinking is not a stall", model: "thinker", wantText: "答え"},
		{name: "connection cut", model: "cut", wantText: "玄界は", wantMsg: "ended before the reply was complete"},
		{name: "stalled", model: "stall", wantText: "玄界は", wantErr: ErrStalled, wantMsg: "200ms"},
		{name: "no first chunk", model: "silent", wantErr: ErrStalled, wantMsg: "300ms"},
		{name: "refused", host: closedURL(t), model: "tiny", wantErr: ErrUnavailable, wantMsg: "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := srv.URL
			if tt.host != "" {
				host = tt.host
			}
			c, err := NewWithOptions(host, Options{IdleTimeout: 200 * time.Millisecond, FirstChunkTimeout: 300 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			err = c.Chat(t.Context(), ChatRequest{Model: tt.model, Messages: []Message{{Role: "user", Content: "玄界とは"}}, Options: tt.opts},
				func(s string) error { got.WriteString(s); return nil })
			if got.String() != tt.wantText {
				t.Errorf("text = %q, want %q", got.String(), tt.wantText)
			}
			switch {
			case tt.wantMsg == "" && err != nil:
				t.Fatalf("Chat() = %v", err)
			case tt.wantMsg != "" && (err == nil || !strings.Contains(err.Error(), tt.wantMsg)):
				t.Fatalf("Chat() = %v, want error with %q", err, tt.wantMsg)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Chat() = %v, want %v", err, tt.wantErr)
			}
		})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.chats[0]
	if o["temperature"] != 0.2 || o["num_predict"] != 64.0 || o["num_ctx"] != 4096.0 || o["top_p"] != 0.9 {
		t.Errorf("options sent = %v", o)
	}
}

func TestChatCallbackError(t *testing.T) {
	_, srv := newFake(t)
	c, _ := New(srv.URL, nil)
	stop := errors.New("client went away")
	n := 0
	err := c.Chat(t.Context(), ChatRequest{Model: "tiny"}, func(string) error { n++; return stop })
	if err != stop || n != 1 {
		t.Fatalf("Chat() = %v after %d chunks, want the callback's error after 1", err, n)
	}
}
