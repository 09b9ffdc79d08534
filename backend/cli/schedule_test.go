package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// TestServerMakesFirstBackupOnFreshHome starts the real `genkai-rag
// server` on a fresh data home, on the real clock, with the first check
// one second after start (maintenance.start_delay_seconds through the
// environment): a backup archive must appear and GET /api/maintenance must
// show the backup job's last run, its next run at the configured 02:00
// local time and no error.
func TestServerMakesFirstBackupOnFreshHome(t *testing.T) {
	dir, env := testEnv(t, "GENKAI_MAINTENANCE_START_DELAY_SECONDS=1")
	port := freePort(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan result)
	start := time.Now()
	go func() { done <- run(t, ctx, env, "server", "--port", strconv.Itoa(port)) }()
	defer func() {
		cancel()
		if r := <-done; r.code != 0 {
			t.Errorf("server exit = %d: %s", r.code, r.stderr)
		}
	}()

	base := "http://127.0.0.1:" + strconv.Itoa(port)
	var backup maintenance.JobStatus
	var archives []string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		archives, _ = filepath.Glob(filepath.Join(home.Home{Root: dir}.Backups(), "*.tar.gz"))
		backup = maintenance.JobStatus{}
		if res, err := http.Get(base + "/api/maintenance"); err == nil {
			var body struct{ Jobs []maintenance.JobStatus }
			_ = json.NewDecoder(res.Body).Decode(&body)
			res.Body.Close()
			for _, j := range body.Jobs {
				if j.Name == wiring.JobDailyBackup {
					backup = j
				}
			}
		}
		if len(archives) > 0 && backup.LastRun != "" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("first backup after %s: %v", time.Since(start).Round(time.Millisecond), archives)
	if len(archives) != 1 {
		entries, _ := os.ReadDir(home.Home{Root: dir}.Backups())
		t.Fatalf("backup archives after 30 s on a fresh home = %v (backups/ holds %v); want one", archives, entries)
	}
	if backup.LastRun == "" || !backup.LastOK || backup.LastError != "" || backup.Schedule != "daily at 02:00" {
		t.Fatalf("/api/maintenance daily_backup = %+v", backup)
	}
	next, err := time.Parse(time.RFC3339, backup.NextRun)
	if err != nil {
		t.Fatalf("next_run %q: %v", backup.NextRun, err)
	}
	if l := next.Local(); l.Hour() != 2 || l.Minute() != 0 || !next.After(time.Now()) || next.Sub(time.Now()) > 25*time.Hour {
		t.Errorf("next_run = %s (local %s), want the next 02:00 local time", backup.NextRun, l)
	}
	if name := filepath.Base(archives[0]); !strings.HasPrefix(name, "genkai_rag_backup_") {
		t.Errorf("archive name %q, want genkai_rag_backup_*", name)
	}
}

// TestScheduleFromConfig: the maintenance keys set the jobs' times, and a
// reload changes them live; backup.daily false and chat.retention_days 0
// leave their jobs to manual runs.
func TestScheduleFromConfig(t *testing.T) {
	env := e2eEnv(t,
		config.Set{Path: []string{"maintenance", "backup_time"}, Value: "01:30"},
		config.Set{Path: []string{"maintenance", "optimize_weekday"}, Value: "sat"},
	)
	svc, err := boot(t.Context(), env, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	want := map[string]string{
		wiring.JobDailyBackup:     "daily at 01:30",
		wiring.JobCleanupSessions: "daily at 03:00",
		wiring.JobPruneMetrics:    "daily at 03:00",
		wiring.JobOptimizeIndex:   "weekly on Saturday at 04:00",
	}
	check := func(when string) {
		t.Helper()
		got := map[string]string{}
		for _, st := range svc.Maintenance.Status() {
			got[st.Name] = st.Schedule
		}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("%s: %s schedule = %q, want %q", when, name, got[name], w)
			}
		}
	}
	check("at start")

	root, _, _, _ := paths(env, options{})
	if err := config.Update(home.Home{Root: root}.ConfigFile(),
		config.Set{Path: []string{"maintenance", "daily_time"}, Value: "05:15"},
		config.Set{Path: []string{"backup", "daily"}, Value: false},
	); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ReloadConfig(t.Context()); err != nil {
		t.Fatal(err)
	}
	want[wiring.JobDailyBackup], want[wiring.JobCleanupSessions], want[wiring.JobPruneMetrics] = "on demand", "daily at 05:15", "daily at 05:15"
	check("after reload")
}
