package backup

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ErrInvalidConfig: the configuration in the archive does not validate
// (after the protected keys are reset); the message lists the problems.
var ErrInvalidConfig = fault.Sentinel(fault.BackupBadConfig, "the configuration in the backup is not valid")

// Reset is wire.BackupReset, the shape clients see; see there.
type Reset = wire.BackupReset

// protectedKey is a configuration key that never comes from an archive:
// it decides who can reach the server, what it can read, where it
// writes and which Ollama it talks to.
type protectedKey struct {
	path   string
	secret bool
	// inHome: the archive's value is applied when it resolves inside the
	// data home (the log file).
	inHome bool
}

var protectedKeys = []protectedKey{
	{path: "server.host"},
	{path: "server.api_token", secret: true},
	{path: "server.allowed_hosts"},
	{path: "server.source_policy"},
	{path: "server.source_roots"},
	{path: "server.allow_private_sites"},
	{path: "monitoring.log_file", inHome: true},
	{path: "llm.ollama_host"},
	{path: "llm.provider"}, {path: "llm.openai_base_url"}, {path: "llm.embedding_provider"},
}

// defaults are the protected keys' default values, as shown.
var defaults = func() map[string]string {
	var doc yaml.Node
	b, _ := yaml.Marshal(config.Default())
	yaml.Unmarshal(b, &doc)
	out := map[string]string{}
	for _, k := range protectedKeys {
		out[k.path] = show(lookup(&doc, k.path))
	}
	return out
}()

// guardConfig applies the restore boundary to the configuration folder
// extracted at dir, then validates it like a user-edited file (config
// Load, no environment on top):
//
//   - in config.yaml, each protected key whose value differs from the
//     current config.yaml's (a missing key counts as its default) is set
//     to the current value, or removed when the current file does not
//     set it; the rest of the file, comments included, is kept;
//   - in .env, the protected keys' variables are dropped and the current
//     .env's lines for them are carried over;
//   - monitoring.log_file is applied when it resolves inside the data
//     home.
//
// It returns a Reset per value not applied. An archive whose
// configuration does not validate fails with ErrInvalidConfig listing
// every problem.
func (s *Service) guardConfig(dir string) ([]Reset, error) {
	resets := []Reset{}
	file := filepath.Join(dir, "config.yaml")
	var archived yaml.Node
	data, err := os.ReadFile(file)
	hadFile := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	parsed := true
	if hadFile {
		parsed = yaml.Unmarshal(data, &archived) == nil
	}
	if parsed {
		// A key given twice would let one copy pass this check and the
		// other apply: refuse it.
		if err := duplicateKeys(&archived, ""); err != nil {
			return nil, fmt.Errorf("%w:\n  %s", ErrInvalidConfig, err)
		}
	}
	var current yaml.Node
	if b, err := os.ReadFile(s.home.ConfigFile()); err == nil {
		if yaml.Unmarshal(b, &current) != nil {
			current = yaml.Node{}
		}
	}
	var sets []config.Set
	if parsed {
		for _, k := range protectedKeys {
			a, c := lookup(&archived, k.path), lookup(&current, k.path)
			av, cv := show(a), show(c)
			if a == nil {
				av = defaults[k.path]
			}
			if c == nil {
				cv = defaults[k.path]
			}
			if av == cv || k.inHome && s.insideHome(av) {
				continue
			}
			var value any
			if c != nil {
				if err := c.Decode(&value); err != nil {
					value = nil
				}
			}
			sets = append(sets, config.Set{Path: strings.Split(k.path, "."), Value: value})
			resets = append(resets, reset(k.path, av, cv, k.secret))
		}
	}
	if len(sets) > 0 {
		if err := config.Update(file, sets...); err != nil {
			return nil, invalidConfig(err)
		}
	}
	envResets, err := s.guardEnv(filepath.Join(dir, ".env"))
	if err != nil {
		return nil, err
	}
	resets = append(resets, envResets...)
	if _, _, err := config.Load(file, false, nil); err != nil {
		return nil, invalidConfig(err)
	}
	return resets, nil
}

func invalidConfig(err error) error {
	var ce *config.Error
	if errors.As(err, &ce) {
		lines := make([]string, len(ce.Problems))
		for i, p := range ce.Problems {
			lines[i] = "  " + p.String()
		}
		return fmt.Errorf("%w (fix it in a copy, or restore another backup):\n%s", ErrInvalidConfig, strings.Join(lines, "\n"))
	}
	return fmt.Errorf("%w: %v", ErrInvalidConfig, err)
}

// guardEnv drops the protected variables from the archive's .env at p
// and carries over the current .env's lines for them.
func (s *Service) guardEnv(p string) ([]Reset, error) {
	resets := []Reset{}
	protected := map[string]protectedKey{}
	for _, k := range protectedKeys {
		protected[config.EnvName(k.path)] = k
	}
	// Ollama's own variable sets llm.ollama_host too (config.Load).
	protected[config.OllamaHostEnv] = protectedKey{path: "llm.ollama_host"}
	archived, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	current, _ := os.ReadFile(filepath.Join(s.home.Config(), ".env"))
	currentValues := map[string]string{}
	var carried []string
	for _, line := range envLines(current) {
		if name, value, ok := envVar(line); ok {
			if _, ok := protected[name]; ok {
				currentValues[name] = value
				carried = append(carried, line)
			}
		}
	}
	var kept []string
	applied := map[string]bool{}
	changed := false
	for _, line := range envLines(archived) {
		name, value, ok := envVar(line)
		k, isProtected := protected[name]
		if !ok || !isProtected {
			kept = append(kept, line)
			continue
		}
		if k.inHome && s.insideHome(value) {
			kept = append(kept, line) // a log file in the data home
			applied[name] = true
			continue
		}
		changed = true
		cv, set := currentValues[name]
		if !set {
			cv = "(none)"
		}
		if value != cv {
			resets = append(resets, reset(".env "+name, value, cv, k.secret))
		}
	}
	carried = slices.DeleteFunc(carried, func(line string) bool {
		name, _, _ := envVar(line)
		return applied[name]
	})
	if !changed && len(carried) == 0 {
		return resets, nil // the archive's .env (or its absence) as is
	}
	out := strings.Join(append(kept, carried...), "\n")
	if strings.TrimSpace(out) == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return resets, nil
	}
	return resets, os.WriteFile(p, []byte(out+"\n"), 0o600)
}

// envLines splits a .env file into lines (without a final empty one).
func envLines(b []byte) []string {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// envVar parses a .env line as config's loader does: `export ` prefix,
// KEY=VALUE, quotes, # comments.
func envVar(line string) (name, value string, ok bool) {
	line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if line == "" || strings.HasPrefix(line, "#") {
		return "", "", false
	}
	line = strings.TrimPrefix(line, "export ")
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", false
	}
	v = strings.TrimSpace(v)
	if n := len(v); n >= 2 && (v[0] == '"' && v[n-1] == '"' || v[0] == '\'' && v[n-1] == '\'') {
		v = v[1 : n-1]
	} else if j := strings.Index(v, " #"); j >= 0 {
		v = strings.TrimSpace(v[:j])
	}
	return strings.TrimSpace(k), v, true
}

func reset(key, archive, kept string, secret bool) Reset {
	if secret {
		archive, kept = hide(archive, "a token"), hide(kept, "the current token")
	}
	return Reset{Key: key, Archive: archive, Kept: kept,
		Message: fmt.Sprintf("%s from the archive (%s) was not applied; kept %s", key, archive, kept)}
}

// hide stands for a token's value in messages.
func hide(v, set string) string {
	if v == "" || v == "(none)" {
		return "no token"
	}
	return set
}

// insideHome reports whether a log file path (relative to the data home
// unless absolute) stays inside the data home.
func (s *Service) insideHome(p string) bool {
	if p == "" || p == "(none)" {
		return true // the default
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.home.Root, p)
	}
	rel, err := filepath.Rel(filepath.Clean(s.home.Root), filepath.Clean(p))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// duplicateKeys finds a mapping key given twice anywhere in n.
func duplicateKeys(n *yaml.Node, path string) error {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if err := duplicateKeys(c, path); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			full := k.Value
			if path != "" {
				full = path + "." + k.Value
			}
			if seen[k.Value] || k.Value == "<<" {
				return fmt.Errorf("config.yaml: %s (line %d) is given twice or merged; keep one", full, k.Line)
			}
			seen[k.Value] = true
			if err := duplicateKeys(n.Content[i+1], full); err != nil {
				return err
			}
		}
	}
	return nil
}

// lookup finds the node at the dotted path in a YAML document (nil if
// absent).
func lookup(doc *yaml.Node, path string) *yaml.Node {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	n := doc.Content[0]
	for _, key := range strings.Split(path, ".") {
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// show formats a node's value for comparison and messages: scalars as
// written, lists as [a, b], empty as (none).
func show(n *yaml.Node) string {
	if n == nil {
		return "(none)"
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || n.Value == "" {
			return "(none)"
		}
		return n.Value
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return "(none)"
		}
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			parts[i] = show(c)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.AliasNode:
		return show(n.Alias)
	}
	b, _ := yaml.Marshal(n)
	return strings.TrimSpace(string(b))
}
