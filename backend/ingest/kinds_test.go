package ingest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// A third source kind, defined and registered only here: a named set of
// in-memory documents. It proves that a kind is one file plus one
// registration: nothing else in the package knows it.

const kindMemory Kind = "memory"

// memorySets holds the documents of each memory source, by location:
// file name -> body.
var memorySets sync.Map

func init() {
	registerKind(kindDef{kind: kindMemory, noun: "memory set", item: "document", fromRequest: newMemorySource, fromRow: openMemorySource})
}

type memorySource struct{ row store.Source }

var _ Source = (*memorySource)(nil)

func newMemorySource(req SourceRequest) (Source, error) {
	if !strings.HasPrefix(req.Location, "mem:") {
		return nil, fmt.Errorf("%w: a memory location looks like mem:NAME", ErrBadSource)
	}
	return &memorySource{row: store.Source{Kind: string(kindMemory), Location: req.Location, Name: strings.TrimPrefix(req.Location, "mem:"), Settings: "{}"}}, nil
}

func openMemorySource(row store.Source) Source { return &memorySource{row: row} }

func (m *memorySource) Kind() Kind        { return kindMemory }
func (m *memorySource) Row() store.Source { return m.row }
func (m *memorySource) Key() string       { return strings.ToLower(m.row.Location) }

func (m *memorySource) Check(context.Context, Policy) error {
	return refuse("%smemory sets are for tests", restrictedPrefix)
}

func (m *memorySource) Validate(context.Context, Env) error {
	if _, ok := memorySets.Load(m.row.Location); !ok {
		return fmt.Errorf("%w: no memory set %s", ErrBadSource, m.row.Location)
	}
	return nil
}

func (m *memorySource) Sync(ctx context.Context, env Env, fn func(Progress)) (Report, error) {
	s := env.Syncer
	r := s.newRun(fn)
	v, _ := memorySets.Load(m.row.Location)
	docs, _ := v.(map[string]string)
	var items []Item
	for name, body := range docs {
		items = append(items, Item{URL: m.row.Location + "/" + name, Name: name,
			Read: func() ([]byte, time.Time, error) { return []byte(body), time.Time{}, nil }})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].URL < items[j].URL })
	err := s.syncItems(ctx, r, m.row, "sync memory set "+m.row.Location, items)
	rep := s.finish(r)
	s.logOutcome(ctx, m.row, rep, err)
	return rep, err
}

// TestThirdKindSyncsThroughJobs: the memory kind is added, validated,
// checked for duplicates, synced, resynced and refused by a restricted
// policy through the same Jobs as sites and folders.
func TestThirdKindSyncsThroughJobs(t *testing.T) {
	memorySets.Store("mem:guide", map[string]string{
		"job.md":     "# ジョブ投入\n\npjsubでバッチジョブを投入します。\n",
		"notice.txt": "定期保守のお知らせ。",
		"logo.png":   "\x89PNG",
	})
	st := testStore(t)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()

	if _, err := j.AddSource(t.Context(), SourceRequest{Kind: "memory", Location: "mem:none"}); !errors.Is(err, ErrBadSource) || !strings.Contains(err.Error(), "no memory set") {
		t.Errorf("AddSource(unknown set) err = %v, want ErrBadSource from Validate", err)
	}
	if _, err := j.AddSourceUnder(t.Context(), SourceRequest{Kind: "memory", Location: "mem:guide"}, Policy{Restricted: true}); !errors.Is(err, ErrRefused) {
		t.Errorf("AddSourceUnder(restricted) err = %v, want ErrRefused from Check", err)
	}
	started, err := j.AddSource(t.Context(), SourceRequest{Kind: "memory", Location: " mem:guide "})
	if err != nil || !started.Running || started.Kind != "memory" || started.Location != "mem:guide" {
		t.Fatalf("AddSource(memory) = %+v, %v", started, err)
	}
	done := waitIdle(t, j)
	if done.Error != "" || done.Report == nil || done.Report.Added != 2 || done.Report.Chunks == 0 || len(done.Report.Skipped) != 1 ||
		done.Report.Skipped[0].Reason != `file type ".png" is not indexed` {
		t.Fatalf("finished = %+v, report %+v", done, done.Report)
	}
	srcs, err := st.Sources(t.Context())
	if err != nil || len(srcs) != 1 || srcs[0].Kind != "memory" || srcs[0].Name != "guide" || srcs[0].Pages != 2 {
		t.Fatalf("Sources() = %+v, %v", srcs, err)
	}
	if _, err := j.AddSource(t.Context(), SourceRequest{Kind: "memory", Location: "mem:GUIDE"}); !errors.Is(err, ErrDuplicateSource) ||
		!strings.Contains(err.Error(), "this memory set is already a source") {
		t.Errorf("AddSource(duplicate) err = %v, want ErrDuplicateSource naming the kind", err)
	}

	// notice.txt and the skipped logo.png are gone.
	memorySets.Store("mem:guide", map[string]string{"job.md": "# ジョブ投入\n\npjsubでバッチジョブを投入します。\n"})
	if _, err := j.Sync(t.Context(), srcs[0].ID); err != nil {
		t.Fatal(err)
	}
	again := waitIdle(t, j)
	if again.Error != "" || again.Report.Unchanged != 1 || again.Report.Removed != 2 || again.Report.Added != 0 {
		t.Errorf("resync = %+v", again.Report)
	}
	if _, err := j.SyncUnder(t.Context(), srcs[0].ID, Policy{Restricted: true}); !errors.Is(err, ErrRefused) {
		t.Errorf("SyncUnder(restricted) err = %v, want ErrRefused", err)
	}
}

// TestUnknownKinds: a kind that is not registered is a clear error when
// added, when a stored source of it is synced, and under a policy.
func TestUnknownKinds(t *testing.T) {
	st := testStore(t)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()
	_, err := j.AddSource(t.Context(), SourceRequest{Kind: "drive", Location: "/x"})
	if !errors.Is(err, ErrBadSource) || !strings.Contains(err.Error(), `kind must be "site", "folder" or "memory", got "drive"`) {
		t.Errorf("AddSource(drive) err = %v", err)
	}
	row, err := st.EnsureSource(t.Context(), "drive", "/x", "x", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Sync(t.Context(), row.ID); !errors.Is(err, ErrBadSource) || !strings.Contains(err.Error(), `kind "drive", which this version cannot sync`) {
		t.Errorf("Sync(stored drive) err = %v, want ErrBadSource naming the kind", err)
	}
	if st := j.Status(); st.Running || st.SourceID != 0 {
		t.Errorf("a run started for an unknown kind: %+v", st)
	}
	if err := (Policy{Restricted: true}).Check(t.Context(), "drive", "/x"); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), `unknown source kind "drive"`) {
		t.Errorf("Policy.Check(drive) err = %v", err)
	}
	if got := Kinds(); len(got) < 2 || got[0] != KindSite || got[1] != KindFolder {
		t.Errorf("Kinds() = %v, want site and folder first", got)
	}
}

func TestKindRegisteredTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("registering \"site\" again did not panic")
		}
	}()
	registerKind(kindDef{kind: KindSite})
}

// TestFormats: the folder walker (by extension) and the crawler (by
// content type) read a document with the same extractor; what no
// extractor reads is not indexed.
func TestFormats(t *testing.T) {
	for _, tt := range []struct {
		name, want string // want "": not indexed
	}{
		{"a.html", "html"}, {"b.HTM", "html"}, {"c.md", "markdown"}, {"d.markdown", "markdown"},
		{"e.txt", "text"}, {"f.PDF", "pdf"}, {"g.png", ""}, {"h", ""}, {"dir.md/i.docx", ""},
	} {
		f, ok := formatForExt(tt.name)
		if ok != (tt.want != "") || f.name != tt.want {
			t.Errorf("formatForExt(%q) = %q, %v; want %q", tt.name, f.name, ok, tt.want)
		}
	}
	for _, tt := range []struct {
		mt, path, want string
	}{
		{"text/html", "/a", "html"}, {"application/xhtml+xml", "/a", "html"},
		{"text/markdown", "/a", "markdown"}, {"text/x-markdown", "/a", "markdown"},
		{"text/plain", "/a.md", "markdown"}, {"text/plain", "/a.MD", "markdown"},
		{"text/plain", "/a.markdown", "text"}, {"text/plain", "/a.txt", "text"}, {"text/plain", "/a.html", "text"},
		{"application/pdf", "/a.pdf", "pdf"}, {"image/png", "/a.md", ""}, {"application/json", "/a", ""},
	} {
		f, ok := formatForType(tt.mt, tt.path)
		if ok != (tt.want != "") || f.name != tt.want {
			t.Errorf("formatForType(%q, %q) = %q, %v; want %q", tt.mt, tt.path, f.name, ok, tt.want)
		}
	}
	for _, f := range formats {
		for _, e := range f.exts {
			byType, _ := formatForType(f.mediaTypes[0], "/x"+e)
			if byType.name != f.name {
				t.Errorf("%s: served as %s it reads as %q", e, f.mediaTypes[0], byType.name)
			}
		}
	}
}
