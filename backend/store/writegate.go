package store

// The restore gate. A restore swaps the database file in under a running
// app; an answer streaming at that moment must not write half into the
// old data and half into the new. The session and message writes
// (CreateSession, RenameSession, DeleteSession, DeleteSessionsBefore,
// AddMessage, DeleteMessagesFrom) therefore run under a read lock of
// Store.gate, and a restore takes the write lock with HoldSessionWrites.

// HoldSessionWrites waits for the session and message writes in progress
// to finish and holds new ones until release is called; they then go to
// whatever database is in place (the restored one), or fail with an error
// if their session is not in it. Call release exactly once.
func (s *Store) HoldSessionWrites() (release func()) {
	s.gate.Lock()
	return s.gate.Unlock
}

// sessionWrite takes the gate for one session or message write; defer
// the function it returns.
func (s *Store) sessionWrite() (done func()) {
	s.gate.RLock()
	return s.gate.RUnlock
}
