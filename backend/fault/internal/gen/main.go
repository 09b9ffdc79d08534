// Command gen writes the TypeScript table of fault texts
// (frontend/src/lib/faultText.gen.ts) from the Go table; run it with
// `go generate ./backend/fault`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

func main() {
	out := flag.String("out", "", "file to write (default: standard output)")
	flag.Parse()
	src := fault.TypeScript()
	if *out == "" {
		os.Stdout.WriteString(src)
		return
	}
	if err := os.WriteFile(*out, []byte(src), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
