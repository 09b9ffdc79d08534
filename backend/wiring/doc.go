// Package wiring is the composition both faces of the program use: the
// server and CLI commands (backend/cli) and the desktop app (main). Boot
// opens the data home and wires the services over it once: the search
// engine, the document library, chat (metered by the monitor, writing
// through the store's restore gate), the model service, backups (which
// hold session writes while a restore swaps the data in), the monitor and
// the maintenance jobs; configuration reloads are applied live.
package wiring
