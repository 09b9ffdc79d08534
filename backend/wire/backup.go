package wire

// BackupCounts are the numbers of rows an archive holds.
type BackupCounts struct {
	Sources  int64 `json:"sources"`
	Pages    int64 `json:"pages"`
	Chunks   int64 `json:"chunks"`
	Sessions int64 `json:"sessions"`
	Messages int64 `json:"messages"`
}

// BackupFileEntry is one file of an archive.
type BackupFileEntry struct {
	Path   string `json:"path"` // slash-separated, relative to the data home
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// BackupManifest describes an archive (its manifest.json).
type BackupManifest struct {
	Format        int    `json:"format"`
	AppVersion    string `json:"app_version"`
	SchemaVersion int    `json:"schema_version"`
	CreatedAt     string `json:"created_at"` // RFC 3339
	// Reason is manual, scheduled, pre-restore or "pre-migration N→M".
	Reason         string            `json:"reason"`
	EmbeddingModel string            `json:"embedding_model,omitempty"`
	Counts         BackupCounts      `json:"counts"`
	Files          []BackupFileEntry `json:"files"`
}

// BackupInfo describes an archive in the backups folder.
type BackupInfo struct {
	Name      string `json:"name"`
	Path      string `json:"path"`
	SizeBytes int64  `json:"size_bytes"`
	CreatedAt string `json:"created_at"`
	// Valid is false when the manifest cannot be read; Error says why.
	Valid    bool            `json:"valid"`
	Error    string          `json:"error,omitempty"`
	Manifest *BackupManifest `json:"manifest,omitempty"`
}

// BackupList is the backups folder and its archives, newest first (GET
// /api/backups, Backups.List).
type BackupList struct {
	Folder  string       `json:"folder"`
	Backups []BackupInfo `json:"backups"`
}

// BackupVerifyResult says whether an archive is intact; Error says why not.
type BackupVerifyResult struct {
	Name     string          `json:"name"`
	Valid    bool            `json:"valid"`
	Error    string          `json:"error,omitempty"`
	Manifest *BackupManifest `json:"manifest,omitempty"`
}

// BackupReset is a protected configuration key (server address, token,
// allowed hosts, source policy and roots, log file outside the data home,
// Ollama address) whose value in an archive a restore does not apply: the
// current value is kept.
type BackupReset struct {
	// Key is the dotted key ("server.host") or, for a variable of the
	// archive's config/.env, ".env NAME".
	Key string `json:"key"`
	// Archive and Kept are the values shown to the user: "(none)" when
	// unset; a token is never shown ("a token", "the current token", "no
	// token").
	Archive string `json:"archive"`
	Kept    string `json:"kept"`
	// Message says it in an English sentence: "server.host from the
	// archive (0.0.0.0) was not applied; kept 127.0.0.1".
	Message string `json:"message"`
}

// BackupInspection is what an archive holds and what restoring it would
// do: the confirmation a user sees before a restore.
type BackupInspection struct {
	Name      string `json:"name"`
	Path      string `json:"path"`
	SizeBytes int64  `json:"size_bytes"`
	// Valid is true when a restore would accept the archive; otherwise
	// Error says why (the same words a restore would use).
	Valid bool   `json:"valid"`
	Error string `json:"error,omitempty"`
	// Manifest is the archive's description (nil when it cannot be read).
	Manifest *BackupManifest `json:"manifest,omitempty"`
	// SchemaVersion is the database schema this app knows (the archive's
	// is in the manifest).
	SchemaVersion int `json:"app_schema_version"`
	// WithLogs is true when the archive holds logs (never restored).
	WithLogs bool `json:"with_logs"`
	// Resets are the protected keys a restore would not apply.
	Resets []BackupReset `json:"resets"`
}

// RestoreResult says what a restore did.
type RestoreResult struct {
	Restored string `json:"restored"`
	// PreRestoreBackup is the archive of the data as it was just before,
	// so the restore itself can be undone.
	PreRestoreBackup string         `json:"pre_restore_backup"`
	Manifest         BackupManifest `json:"manifest"`
	// Resets are the protected keys whose values in the archive were not
	// applied; empty when none differed.
	Resets []BackupReset `json:"resets"`
}

// PruneResult lists what a prune removed.
type PruneResult struct {
	Removed []string `json:"removed"`
	Kept    int      `json:"kept"`
}

// BackupProgress is one "backup:progress" event of the desktop app. Done
// and Total are bytes (Total 0 when unknown).
type BackupProgress struct {
	Op    string `json:"op"`    // "create" or "restore"
	Phase string `json:"phase"` // "verify", "backup", "restore" or "done"
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// CreateBackupRequest is the body of POST /api/backups.
type CreateBackupRequest struct {
	IncludeLogs bool `json:"include_logs,omitempty"`
}

// Deleted answers a DELETE of an archive: its name.
type Deleted struct {
	Deleted string `json:"deleted"`
}
