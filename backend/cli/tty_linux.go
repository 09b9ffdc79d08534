package cli

import "golang.org/x/sys/unix"

// ioctlReadTermios reads a terminal's settings (fails on a non-terminal).
const ioctlReadTermios = unix.TCGETS
