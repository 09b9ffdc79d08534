package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// EnvPrefix starts every environment variable that overrides a key:
// GENKAI_ + the dotted key path upper-cased with dots as underscores, e.g.
// GENKAI_MONITORING_LOG_LEVEL or GENKAI_CONCURRENCY_MAX_QUEUE_SIZE.
const EnvPrefix = "GENKAI_"

// nonConfigEnv are variables read from the environment or .env that are
// not config keys: GENKAI_HOME, GENKAI_LANG, and Ollama's OLLAMA_HOST
// (see resolveOllamaHost).
var nonConfigEnv = map[string]bool{"GENKAI_HOME": true, "GENKAI_LANG": true, OllamaHostEnv: true, OpenAIKeyEnv: true}

// Problem is one thing wrong with a configuration, at a dotted key path.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// String formats the problem as "path.to.key: what is wrong".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// Error is returned by Load and Validate when the configuration cannot be
// used. It lists every problem found, not just the first.
type Error struct {
	Problems []Problem
}

// Error joins the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the fault code of a refused configuration
// (fault.InvalidConfig), so every transport shows it in the user's
// language.
func (e *Error) Unwrap() error { return errInvalidConfig }

// errInvalidConfig carries fault.InvalidConfig for *Error.
var errInvalidConfig = fault.Sentinel(fault.InvalidConfig, "invalid configuration")

// Source says where the configuration was read from.
type Source struct {
	// File is the YAML file read; empty when none existed.
	File string
	// EnvFile is the .env file read beside it; empty when none existed.
	EnvFile string
	// Warnings are problems that do not stop the app, such as unknown keys.
	Warnings []Problem
	// OllamaHostSource says which setting gave llm.ollama_host:
	// HostFromGenkaiEnv, HostFromConfig, HostFromOllamaEnv or
	// HostFromDefault (see Load for the precedence).
	OllamaHostSource string
	// OllamaHostFile is the file that held the winning setting (the
	// configuration file or the .env file); "" for the process
	// environment or the default.
	OllamaHostFile string
}

// Load builds the configuration: Default, then the YAML file at path (if it
// exists, or an error if required is true and it does not), then the .env
// file beside it, then environ (os.Environ() form; it wins over .env). It
// validates the result. Unknown keys are warnings, not errors. The returned
// error is an *Error listing every problem, or an I/O error.
//
// The Ollama address has one more source: Ollama's own OLLAMA_HOST (from
// environ, else .env), read as the `ollama` command reads it
// (ParseOllamaHost). The first of these that sets it wins:
// GENKAI_LLM_OLLAMA_HOST, llm.ollama_host in the file (a value other than
// the default), OLLAMA_HOST, the default http://127.0.0.1:11434.
// Source.OllamaHostSource says which; a bad OLLAMA_HOST is a problem
// naming the variable when it would apply, a warning when it is shadowed.
func Load(path string, required bool, environ []string) (*Config, *Source, error) {
	cfg := Default()
	src := &Source{}
	var problems []Problem

	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		src.File = path
		problems = append(problems, decodeYAML(data, filepath.Base(path), cfg, &src.Warnings)...)
	case errors.Is(err, fs.ErrNotExist) && !required:
	case errors.Is(err, fs.ErrNotExist):
		return nil, src, fmt.Errorf("config file %s does not exist: create it (genkai-rag writes a default one in the data home on first run) or leave out --config", path)
	default:
		return nil, src, fmt.Errorf("read config: %w", err)
	}

	fileHost := cfg.LLM.OllamaHost
	env := map[string]string{}
	var ollama, ollamaFrom, genkaiFrom string
	envFile := filepath.Join(filepath.Dir(path), ".env")
	if b, err := os.ReadFile(envFile); err == nil {
		src.EnvFile = envFile
		vars, perr := parseDotEnv(b)
		for _, p := range perr {
			problems = append(problems, Problem{Path: ".env", Message: p})
		}
		for k, v := range vars {
			if k == OpenAIKeyEnv || k == OpenAIKeyFallbackEnv {
				src.Warnings = append(src.Warnings, Problem{Path: ".env " + k, Message: "ignored: the API key is read only from the process environment (a .env file is copied into backups); set it in the service's environment, e.g. systemd Environment= or EnvironmentFile="})
				continue
			}
			if k == OllamaHostEnv {
				ollama, ollamaFrom = v, envFile
				continue
			}
			env[k] = v
		}
		if _, ok := vars[EnvName("llm.ollama_host")]; ok {
			genkaiFrom = envFile
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, src, fmt.Errorf("read %s: %w", envFile, err)
	}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case ok && strings.HasPrefix(k, EnvPrefix):
			env[k] = v
			if k == EnvName("llm.ollama_host") {
				genkaiFrom = ""
			}
		case ok && k == OllamaHostEnv && strings.TrimSpace(v) != "":
			ollama, ollamaFrom = v, ""
		}
	}
	problems = append(problems, applyEnv(cfg, env, &src.Warnings)...)
	cfg.LLM.OllamaHost = normaliseHost(cfg.LLM.OllamaHost)
	problems = append(problems, resolveOllamaHost(cfg, src, env, fileHost, genkaiFrom, ollama, ollamaFrom)...)
	// "[::1]" is how a URL writes an IPv6 address; Listen wants "::1".
	if h := strings.TrimSpace(cfg.Server.Host); strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		cfg.Server.Host = h[1 : len(h)-1]
	}

	problems = append(problems, cfg.problems()...)
	if len(problems) > 0 {
		return nil, src, &Error{Problems: problems}
	}
	return cfg, src, nil
}

// decodeYAML overlays the document onto cfg key by key, so that every type
// error names its key and unknown keys become warnings.
func decodeYAML(data []byte, name string, cfg *Config, warnings *[]Problem) []Problem {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return []Problem{{Path: name, Message: "not valid YAML: " + msg + "; fix the syntax (indent with spaces, `key: value`)"}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // empty file: all defaults
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	return overlay(root, reflect.ValueOf(cfg).Elem(), "", warnings)
}

func overlay(n *yaml.Node, v reflect.Value, path string, warnings *[]Problem) []Problem {
	where := path
	if where == "" {
		where = "(top level)"
	}
	if v.Kind() != reflect.Struct && v.Kind() != reflect.Map {
		if err := n.Decode(v.Addr().Interface()); err != nil {
			return []Problem{{Path: path, Message: fmt.Sprintf("line %d: %s", n.Line, typeMessage(err, v.Type()))}}
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return nil
		}
		return []Problem{{Path: where, Message: fmt.Sprintf("line %d: expected a mapping of keys, got %q", n.Line, n.Value)}}
	}
	var problems []Problem
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		child := join(path, key)
		if v.Kind() == reflect.Map {
			if v.IsNil() {
				v.Set(reflect.MakeMap(v.Type()))
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			if old := v.MapIndex(reflect.ValueOf(key)); old.IsValid() {
				elem.Set(old)
			}
			p := overlay(val, elem, child, warnings)
			problems = append(problems, p...)
			if len(p) == 0 {
				v.SetMapIndex(reflect.ValueOf(key), elem)
			}
			continue
		}
		f, ok := fieldByTag(v, key)
		if !ok && child == "llm.openai_api_key" {
			problems = append(problems, Problem{Path: child, Message: fmt.Sprintf("line %d: the API key is never read from the configuration file (it would be copied into backups); remove it and set %s in the environment of genkai-rag", n.Content[i].Line, OpenAIKeyEnv)})
			continue
		}
		if !ok {
			msg := "unknown key, ignored"
			if s := suggest(key, tags(v.Type())); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			*warnings = append(*warnings, Problem{Path: child, Message: fmt.Sprintf("line %d: %s", n.Content[i].Line, msg)})
			continue
		}
		problems = append(problems, overlay(val, f, child, warnings)...)
	}
	return problems
}

// typeMessage turns a yaml decode error into "expected an integer, got "abc"".
func typeMessage(err error, t reflect.Type) string {
	var te *yaml.TypeError
	got := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		got = te.Errors[0]
		if i := strings.Index(got, "!!"); i >= 0 {
			got = got[i:]
			if j := strings.Index(got, " into "); j >= 0 {
				got = got[:j]
			}
		}
	}
	return fmt.Sprintf("expected %s, got %s", kindName(t), got)
}

func kindName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "a mapping of keys"
	}
	return t.String()
}

// applyEnv overlays GENKAI_* variables onto cfg.
func applyEnv(cfg *Config, env map[string]string, warnings *[]Problem) []Problem {
	fields := map[string]reflect.Value{}
	paths := map[string]string{}
	walkLeaves(reflect.ValueOf(cfg).Elem(), "", func(path string, f reflect.Value) {
		name := EnvName(path)
		fields[name], paths[name] = f, path
	})
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	var problems []Problem
	for _, name := range names {
		f, ok := fields[name]
		if !ok {
			if !nonConfigEnv[name] {
				*warnings = append(*warnings, Problem{Path: name, Message: "environment variable matches no config key, ignored"})
			}
			continue
		}
		if err := setFromString(f, env[name]); err != nil {
			problems = append(problems, Problem{Path: paths[name], Message: fmt.Sprintf("%s=%q: expected %s", name, env[name], kindName(f.Type()))})
		}
	}
	return problems
}

// EnvName is the environment variable that overrides the dotted key path.
func EnvName(path string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
}

func setFromString(f reflect.Value, s string) error {
	s = strings.TrimSpace(s)
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		f.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		f.SetInt(int64(n))
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		f.SetFloat(x)
	case reflect.Slice:
		if f.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("unsupported kind %s", f.Kind())
		}
		list := []string{}
		for _, item := range strings.Split(s, ",") {
			if item = strings.TrimSpace(item); item != "" {
				list = append(list, item)
			}
		}
		f.Set(reflect.ValueOf(list))
	default:
		return fmt.Errorf("unsupported kind %s", f.Kind())
	}
	return nil
}

// walkLeaves calls fn for every leaf key of a config struct: scalars and
// lists of strings (maps skipped).
func walkLeaves(v reflect.Value, path string, fn func(string, reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Struct:
			walkLeaves(f, join(path, tag), fn)
		case reflect.Map:
		default:
			fn(join(path, tag), f)
		}
	}
}

func fieldByTag(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0] == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func tags(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		out = append(out, strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0])
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest returns the candidate closest to key when it is a plausible typo.
func suggest(key string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(key), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// parseDotEnv reads KEY=VALUE lines; `export ` prefixes, # comments and
// single or double quotes are understood. It returns the variables and a
// message per malformed line.
func parseDotEnv(b []byte) (map[string]string, []string) {
	vars := map[string]string{}
	var bad []string
	for i, line := range strings.Split(string(bytes.TrimPrefix(b, []byte("\ufeff"))), "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			bad = append(bad, fmt.Sprintf("line %d: expected KEY=VALUE", i+1))
			continue
		}
		v = strings.TrimSpace(v)
		if n := len(v); n >= 2 && (v[0] == '"' && v[n-1] == '"' || v[0] == '\'' && v[n-1] == '\'') {
			v = v[1 : n-1]
		} else if j := strings.Index(v, " #"); j >= 0 {
			v = strings.TrimSpace(v[:j])
		}
		vars[k] = v
	}
	return vars, bad
}

// normaliseHost adds http:// to a bare host:port, as OLLAMA_HOST allows.
func normaliseHost(h string) string {
	h = strings.TrimRight(strings.TrimSpace(h), "/")
	if h != "" && !strings.Contains(h, "://") {
		h = "http://" + h
	}
	return h
}
