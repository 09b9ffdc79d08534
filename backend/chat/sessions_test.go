package chat

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSessionTitles(t *testing.T) {
	svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, &fakeGenerator{pieces: []string{"答え [1]"}}, Config{})
	ctx := t.Context()
	tests := []struct {
		name, title, want string
		err               error
	}{
		{"empty", "", "", nil},
		{"trimmed", "  GPU ジョブ \n", "GPU ジョブ", nil},
		{"limit in runes", strings.Repeat("長", MaxTitleRunes), strings.Repeat("長", MaxTitleRunes), nil},
		{"limit after trimming", " \t" + strings.Repeat("a", MaxTitleRunes) + "  ", strings.Repeat("a", MaxTitleRunes), nil},
		{"one over", strings.Repeat("長", MaxTitleRunes+1), "", ErrTitleTooLong},
		{"far over", strings.Repeat("x", 100000), "", ErrTitleTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess, err := svc.CreateSession(ctx, tt.title)
			if !errors.Is(err, tt.err) {
				t.Fatalf("CreateSession err = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				if !strings.Contains(err.Error(), "the limit is 200") {
					t.Errorf("message %q does not give the limit", err)
				}
				return
			}
			if sess.Title != tt.want {
				t.Errorf("title = %q, want %q", sess.Title, tt.want)
			}
		})
	}

	sess, err := svc.CreateSession(ctx, "元の名前")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.RenameSession(ctx, sess.ID, strings.Repeat("長", MaxTitleRunes+1)); !errors.Is(err, ErrTitleTooLong) {
		t.Errorf("rename over the limit: %v", err)
	}
	if got, _ := svc.Session(ctx, sess.ID); got.Title != "元の名前" {
		t.Errorf("title after a refused rename = %q", got.Title)
	}
	if err := svc.RenameSession(ctx, sess.ID, " "+strings.Repeat("長", MaxTitleRunes)+" "); err != nil {
		t.Errorf("rename at the limit: %v", err)
	}

	// A title made from a long question is cut with an ellipsis, not refused.
	q := strings.Repeat("玄界でGPUジョブを投入するには？ ", 40)
	ans, err := svc.Ask(ctx, Request{Question: q}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Session(ctx, ans.SessionID)
	if !strings.HasSuffix(got.Title, "…") || utf8.RuneCountInString(got.Title) > MaxTitleRunes || !strings.HasPrefix(q, strings.TrimSuffix(got.Title, "…")) {
		t.Errorf("auto title = %q", got.Title)
	}
}
