package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
)

// serverRecord is what a running `genkai-rag server` writes to
// home.ServerFile (data/server.json) so that other commands find it on
// whatever port it listens on.
type serverRecord struct {
	URL       string    `json:"url"`
	PID       int       `json:"pid"`
	StartedAt time.Time `json:"started_at"`
	Version   string    `json:"version"`
	DataHome  string    `json:"data_home"`
}

// dialURL is the URL a client uses for a listener's address: an
// unspecified host (0.0.0.0, ::) is reached on the loopback address.
func dialURL(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok {
		host := tcp.IP.String()
		if tcp.Zone != "" {
			host += "%" + tcp.Zone
		}
		return configuredURL(host, tcp.Port)
	}
	return "http://" + addr.String()
}

// recordServer writes rec to the data home's server file atomically (a
// temporary file renamed over it), mode 0600, and returns a function that
// removes it again if it is still this process's.
func recordServer(h home.Home, rec serverRecord) (remove func(), err error) {
	path := h.ServerFile()
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".server-*.json")
	if err != nil {
		return nil, fmt.Errorf("record the server address in %s: %w", path, err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o600), os.Rename(tmp.Name(), path)); err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("record the server address in %s: %w", path, err)
	}
	return func() {
		// Another server may have started on this home since: leave its file.
		if cur, err := readServerRecord(h); err == nil && cur.PID == rec.PID {
			os.Remove(path)
		}
	}, nil
}

// readServerRecord reads the data home's server file.
func readServerRecord(h home.Home) (serverRecord, error) {
	var rec serverRecord
	b, err := os.ReadFile(h.ServerFile())
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, fmt.Errorf("read %s: %w", h.ServerFile(), err)
	}
	return rec, nil
}

// processAlive reports whether a process with this pid exists (one of
// another user counts: signal 0 is then refused, not unknown).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// recordedServer returns the URL in the data home's server file when that
// server is alive: its pid exists and its URL answers for this data home.
// Otherwise url is "" and stale says why a file that exists was ignored
// ("" when there is none). It changes nothing.
func recordedServer(ctx context.Context, h home.Home, token string) (url, stale string) {
	rec, err := readServerRecord(h)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", ""
	case err != nil:
		return "", err.Error()
	case !processAlive(rec.PID):
		return "", fmt.Sprintf("%s names process %d, which is not running", h.ServerFile(), rec.PID)
	case !servesHome(ctx, rec.URL, token, h.Root):
		return "", fmt.Sprintf("%s names %s, which does not answer for this data home", h.ServerFile(), rec.URL)
	}
	return rec.URL, ""
}

// servesHome reports whether a genkai-rag server answers at base and serves
// the data home root.
func servesHome(ctx context.Context, base, token, root string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/app/info", nil)
	if err != nil {
		return false
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	var ov monitor.Overview
	if res.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&ov) != nil {
		return false
	}
	return filepath.Clean(ov.DataHome) == filepath.Clean(root)
}

// configuredURL is the server URL the configuration names.
func configuredURL(host string, port int) string {
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(port))
}
