package ingest

import (
	"bufio"
	"bytes"
	"strings"
)

// robots is the part of a robots.txt that applies to one user agent.
type robots struct {
	rules    []robotsRule
	sitemaps []string
}

type robotsRule struct {
	allow   bool
	pattern string
}

// parseRobots reads a robots.txt for the agent whose product token is
// agent (matched case-insensitively): the rules of the groups naming it,
// else those of the "*" groups. Sitemap lines are kept whatever the group.
func parseRobots(body []byte, agent string) robots {
	agent = strings.ToLower(agent)
	var out robots
	var mine, star []robotsRule
	var agents []string
	inRules := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			agents = append(agents, strings.ToLower(val))
		case "allow", "disallow":
			inRules = true
			if key == "disallow" && val == "" {
				continue // "Disallow:" allows everything
			}
			rule := robotsRule{allow: key == "allow", pattern: val}
			for _, a := range agents {
				switch {
				case a == "*":
					star = append(star, rule)
				case a != "" && strings.Contains(agent, a):
					mine = append(mine, rule)
				}
			}
		case "sitemap":
			out.sitemaps = append(out.sitemaps, val)
		}
	}
	out.rules = star
	if mine != nil {
		out.rules = mine
	}
	return out
}

// allowed reports whether path (with its query) may be fetched: the longest
// matching rule decides, Allow winning a tie; no match allows.
func (r robots) allowed(path string) bool {
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		if n := len(rule.pattern); n > best || n == best && rule.allow {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern: a prefix, where * matches
// any run of characters and a final $ anchors the end.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return !anchored || rest == ""
}
