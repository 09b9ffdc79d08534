package api

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// securityHeaders keep the served UI to its own origin: no third-party
// scripts, fonts or frames (the app works air-gapped by design).
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

// frontend serves the built web app. Paths that are not files get
// index.html, so the app's own routes survive a reload. Hashed assets are
// cached for a year; index.html is always revalidated.
func (s *Server) frontend() http.Handler {
	files := http.FileServerFS(s.opt.Frontend)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		fi, err := fs.Stat(s.opt.Frontend, name)
		if errors.Is(err, fs.ErrNotExist) || err == nil && fi.IsDir() || name == "index.html" {
			s.index(w, r)
			return
		}
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		files.ServeHTTP(w, r)
	})
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(s.opt.Frontend, "index.html")
	if err != nil {
		http.Error(w, "the web UI is not built into this binary: run `make build` (API endpoints under /api/ still work)", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}
