package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Set is one change for Update: the dotted key path (llm.default_model,
// llm.models.qwen2.5:7b.temperature — the model name may hold dots and
// colons, so the path is given as parts) and its new value; a nil Value
// removes the key.
type Set struct {
	Path  []string
	Value any
}

// Update changes keys in the YAML file at path, keeping its comments,
// order and every other key, and writes it atomically (a temporary file
// renamed over it, mode 0600). The result must still validate, or nothing
// is written and the problems are returned as an *Error. A missing file
// is created.
func Update(path string, sets ...Set) error {
	var doc yaml.Node
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("update config: %s is not valid YAML (%v); fix it first", path, err)
		}
	case errors.Is(err, fs.ErrNotExist):
	default:
		return fmt.Errorf("update config: %w", err)
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("update config: %s does not hold a mapping of keys at its top", path)
	}
	for _, s := range sets {
		if err := setNode(root, s.Path, s.Value); err != nil {
			return fmt.Errorf("update config %s: %w", strings.Join(s.Path, "."), err)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return fmt.Errorf("update config: %w", err)
	}
	// Validate what would be written, with no environment on top.
	cfg := Default()
	var warnings []Problem
	problems := decodeYAML(buf.Bytes(), filepath.Base(path), cfg, &warnings)
	problems = append(problems, cfg.problems()...)
	if len(problems) > 0 {
		return &Error{Problems: problems}
	}
	return writeAtomic(path, buf.Bytes())
}

// setNode sets (or with value nil removes) the key at keys under m,
// creating mappings on the way.
func setNode(m *yaml.Node, keys []string, value any) error {
	if len(keys) == 0 {
		return errors.New("empty key path")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != keys[0] {
			continue
		}
		v := m.Content[i+1]
		if len(keys) == 1 {
			if value == nil {
				m.Content = append(m.Content[:i], m.Content[i+2:]...)
				return nil
			}
			var n yaml.Node
			if err := n.Encode(value); err != nil {
				return err
			}
			n.HeadComment, n.LineComment, n.FootComment = v.HeadComment, v.LineComment, v.FootComment
			m.Content[i+1] = &n
			return nil
		}
		if v.Kind != yaml.MappingNode {
			if v.Tag == "!!null" || v.Value == "" {
				*v = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			} else {
				return fmt.Errorf("%s is not a section", keys[0])
			}
		}
		return setNode(v, keys[1:], value)
	}
	if value == nil {
		return nil
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: keys[0]}
	if len(keys) == 1 {
		var n yaml.Node
		if err := n.Encode(value); err != nil {
			return err
		}
		m.Content = append(m.Content, key, &n)
		return nil
	}
	child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	m.Content = append(m.Content, key, child)
	return setNode(child, keys[1:], value)
}

// writeAtomic writes data to path through a synced temporary file in the
// same folder, renamed over it, mode 0600.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	return nil
}
