//go:build !unix

package backup

import (
	"os"
	"time"
)

// tryLock is a best effort where flock does not exist: it always
// succeeds, so two processes are not kept apart (the in-process lock
// still is).
func tryLock(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) {}

// flockWorks: without flock, a temporary is taken as abandoned only
// when it has not changed for a day (stale).
const flockWorks = false

func stale(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && time.Since(fi.ModTime()) > 24*time.Hour
}
