package search

import "sort"

// SectionBonus is the share of a section's second-best chunk score added to
// its best one when chunks collapse: a section that matches in several
// passages edges out one that matches in a single passage, without letting
// a long section win on length alone.
const SectionBonus = 0.0

// CollapseSections merges the hits of one section (the same URL: page URL
// plus #anchor) into one hit, keeping the best-scoring chunk as the hit's
// text and snippet. The section's score is its best chunk's plus
// SectionBonus times its second best. The result is sorted best first
// (ties keep their order) and holds each URL once; hits without a URL are
// kept as they are. hits is reused.
func CollapseSections(hits []Hit) []Hit {
	if len(hits) < 2 {
		return hits
	}
	type agg struct {
		at     int // index in out
		second float64
		n      int
	}
	seen := make(map[string]*agg, len(hits))
	out := hits[:0:0]
	for _, h := range hits {
		if h.URL == "" {
			out = append(out, h)
			continue
		}
		a, ok := seen[h.URL]
		if !ok {
			seen[h.URL] = &agg{at: len(out), n: 1}
			out = append(out, h)
			continue
		}
		a.n++
		best := &out[a.at]
		if h.Score > best.Score {
			a.second = best.Score
			*best = h
		} else if h.Score > a.second {
			a.second = h.Score
		}
	}
	if SectionBonus > 0 {
		for _, a := range seen {
			out[a.at].Score += SectionBonus * a.second
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
