package search

import "strings"

// leafHeading returns a chunk's own heading: the last step of its section
// path, "" for the lead (text before the first heading, whose title
// already counts in the head field).
func leafHeading(section string) string {
	if i := strings.LastIndex(section, " > "); i >= 0 {
		return section[i+len(" > "):]
	}
	return section
}
