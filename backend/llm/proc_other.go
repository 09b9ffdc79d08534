//go:build !unix

package llm

import "os/exec"

// setGroup does nothing where there are no process groups.
func setGroup(*exec.Cmd) {}

// signalGroup kills the process (no graceful stop without signals).
func signalGroup(cmd *exec.Cmd, _ bool) { cmd.Process.Kill() }
