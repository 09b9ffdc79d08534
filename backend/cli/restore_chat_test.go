package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// heldGen streams one token, says so, waits for release, then streams
// the rest: an answer that is mid-stream when a restore runs.
type heldGen struct {
	started, release chan struct{}
	once             *sync.Once
}

func (g heldGen) Chat(ctx context.Context, _ llm.ChatRequest, fn func(string) error) error {
	if err := fn("pjsub で"); err != nil {
		return err
	}
	g.once.Do(func() { close(g.started) })
	select {
	case <-g.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	for _, p := range []string{"バッチジョブを", "投入します。"} {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// TestRestoreWhileAnswerStreams restores a backup over HTTP while an
// answer streams (released before, during and after the restore): both
// requests finish, the database passes integrity_check and holds exactly
// the backup's sessions.
func TestRestoreWhileAnswerStreams(t *testing.T) {
	for _, when := range []string{"during", "after"} {
		t.Run("release "+when, func(t *testing.T) {
			ctx := t.Context()
			_, environ := testEnv(t)
			docs := t.TempDir()
			os.WriteFile(filepath.Join(docs, "job.md"), []byte("# バッチジョブ\n\npjsubでバッチジョブを投入します。ジョブの投入にはpjsubを使います。\n"), 0o644)
			if r := run(t, ctx, environ, "index", "--dir", docs); r.code != 0 {
				t.Fatalf("index: %+v", r)
			}
			svc, err := boot(ctx, Env{Environ: environ, Version: "9.9.9", Stdout: os.Stderr, Stderr: os.Stderr}, options{set: map[string]bool{}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			gen := heldGen{make(chan struct{}), make(chan struct{}), new(sync.Once)}
			svc.StartChat(gen)
			svc.Chat.CreateSession(ctx, "古いセッション")
			info, err := svc.Backups.Create(ctx, backup.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(api.New(api.Options{Monitor: svc.Monitor, Chat: svc.Chat, Backups: svc.Backups}).Handler())
			defer srv.Close()

			events := make(chan []string, 1)
			go func() {
				resp, err := http.Post(srv.URL+"/api/query", "application/json", strings.NewReader(`{"question": "pjsubでバッチジョブを投入するには？", "stream": true}`))
				if err != nil {
					events <- []string{"post: " + err.Error()}
					return
				}
				defer resp.Body.Close()
				var types []string
				sc := bufio.NewScanner(resp.Body)
				for sc.Scan() {
					var ev struct{ Type, Text string }
					json.Unmarshal(sc.Bytes(), &ev)
					types = append(types, ev.Type)
				}
				events <- types
			}()
			select {
			case <-gen.started:
			case ev := <-events:
				t.Fatalf("the answer ended before streaming: %v", ev)
			}
			restored := make(chan int, 1)
			go func() {
				resp, err := http.Post(srv.URL+"/api/backups/"+info.Name+"/restore", "application/json", nil)
				if err != nil {
					restored <- 0
					return
				}
				resp.Body.Close()
				restored <- resp.StatusCode
			}()
			var code int
			if when == "during" {
				close(gen.release)
				code = <-restored
			} else {
				code = <-restored
				close(gen.release)
			}
			types := <-events
			if code != http.StatusOK {
				t.Errorf("restore = %d", code)
			}
			if len(types) == 0 || types[0] != "start" || (types[len(types)-1] != "done" && types[len(types)-1] != "error") {
				t.Errorf("answer events %v: the stream did not finish", types)
			}
			if err := svc.Store.Check(ctx); err != nil {
				t.Fatalf("integrity_check after restore: %v", err)
			}
			if err := store.Verify(ctx, svc.Home.Database()); err != nil {
				t.Fatalf("integrity_check of the file: %v", err)
			}
			list, err := svc.Chat.Sessions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, s := range list {
				titles = append(titles, s.Title)
			}
			// The question's session came after the backup: gone with the
			// restore (its answer failed to store cleanly, or was stored
			// and then replaced); the backup's session is there.
			if len(titles) != 1 || titles[0] != "古いセッション" {
				t.Errorf("sessions after restore %q, want the backup's", titles)
			}
			// The service keeps answering after the restore.
			if _, err := svc.Chat.Ask(ctx, chat.Request{Question: "pjsubでバッチジョブを投入するには？"}, nil); err != nil {
				t.Errorf("ask after restore: %v", err)
			}
		})
	}
}
