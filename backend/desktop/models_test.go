package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/models"
)

// fakeModels is a models.Service whose "slow" pull runs until cancelled.
type fakeModels struct {
	cur models.CurrentModels
}

func (f *fakeModels) Installed(context.Context) ([]models.ModelInfo, error) {
	return []models.ModelInfo{{Name: "tiny:latest"}}, nil
}
func (f *fakeModels) Recommended(context.Context) []models.RecommendedModel {
	return []models.RecommendedModel{{Name: "bge-m3", Kind: "embedding"}}
}
func (f *fakeModels) Current() models.CurrentModels { return f.cur }
func (f *fakeModels) Switch(_ context.Context, kind, name string) (models.CurrentModels, error) {
	name, err := models.CheckName(name)
	if err == nil {
		err = models.CheckKind(kind)
	}
	if err != nil {
		return f.cur, err
	}
	if name != "tiny:latest" {
		return f.cur, fmt.Errorf("%w: %s", models.ErrModelNotFound, name)
	}
	f.cur.ModelName = name
	return f.cur, nil
}
func (f *fakeModels) Config(name string) (models.ModelConfig, error) {
	return models.ModelConfig{ModelName: name}, nil
}
func (f *fakeModels) SetConfig(_ context.Context, c models.ModelConfig) (models.ModelConfig, error) {
	return c, nil
}
func (f *fakeModels) Pull(ctx context.Context, name string, fn func(models.PullProgress) error) error {
	fn(models.PullProgress{Status: "pulling", Completed: 5, Total: 10, Percent: 50})
	switch name {
	case "slow":
		<-ctx.Done()
		return ctx.Err()
	case "nope":
		return fmt.Errorf("%w: no such model", models.ErrModelNotFound)
	}
	return nil
}
func (f *fakeModels) Delete(context.Context, string) error { return nil }
func (f *fakeModels) Ollama(context.Context) models.OllamaState {
	return models.OllamaState{Running: true}
}

func TestModels(t *testing.T) {
	a, start := NewApp(nil)
	var mu sync.Mutex
	var steps []PullStep
	ended := make(chan PullStep, 10)
	start(t.Context(), Services{Models: &fakeModels{cur: models.CurrentModels{ModelName: "x"}}, Emit: func(name string, data any) {
		if name != PullEvent {
			t.Errorf("event %q", name)
		}
		s := data.(PullStep)
		mu.Lock()
		steps = append(steps, s)
		mu.Unlock()
		if s.Done {
			ended <- s
		}
	}}, nil)
	m := NewModels(a)

	list, err := m.List()
	if err != nil || len(list.Models) != 1 || list.CurrentModel != "x" || len(list.Recommended) != 1 {
		t.Errorf("List() = %+v, %v", list, err)
	}
	res, err := m.Switch("", "tiny:latest")
	if err != nil || res.Status != "switched" || res.Previous.ModelName != "x" || res.ModelName != "tiny:latest" {
		t.Errorf("Switch() = %+v, %v", res, err)
	}
	for _, bad := range [][2]string{{"", "a b"}, {"vision", "tiny"}, {"", ""}} {
		if _, err := m.Switch(bad[0], bad[1]); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("Switch(%q, %q) = %v", bad[0], bad[1], err)
		}
	}
	if _, err := m.Switch("", "qwen3:4b"); !errors.Is(err, models.ErrModelNotFound) {
		t.Errorf("Switch(not installed) = %v", err)
	}

	id, err := m.Pull("tiny")
	if err != nil {
		t.Fatal(err)
	}
	if s := <-ended; s.ID != id || s.Status != "success" || s.Percent != 100 || s.Name != "tiny" {
		t.Errorf("end of pull = %+v", s)
	}
	if _, err := m.Pull("nope"); err != nil {
		t.Fatal(err)
	}
	if s := <-ended; s.Status != "error" || s.Error == "" {
		t.Errorf("end of a failed pull = %+v", s)
	}

	slow, _ := m.Pull("slow")
	if again, _ := m.Pull("slow"); again != slow {
		t.Errorf("a second Pull of a running download got a new id %q, want %q", again, slow)
	}
	if err := m.CancelPull(slow); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-ended:
		if s.ID != slow || s.Status != "cancelled" {
			t.Errorf("end of a cancelled pull = %+v", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the cancelled pull did not end")
	}
	if err := m.CancelPull("pull-99"); err == nil {
		t.Error("CancelPull(unknown) succeeded")
	}
	mu.Lock()
	if steps[0].Percent != 50 || steps[0].Done {
		t.Errorf("first step = %+v", steps[0])
	}
	b, _ := json.Marshal(steps[0])
	mu.Unlock()
	want := `{"id":"pull-1","name":"tiny","status":"pulling","completed":5,"total":10,"percent":50,"rate_bytes_per_second":0,"eta_seconds":0,"done":false}`
	if string(b) != want {
		t.Errorf("event JSON = %s, want %s", b, want)
	}

	none, startNone := NewApp(nil)
	startNone(t.Context(), Services{}, nil)
	if _, err := NewModels(none).List(); !errors.Is(err, ErrNoModels) {
		t.Errorf("List() without models = %v", err)
	}
}
