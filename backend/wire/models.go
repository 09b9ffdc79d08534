package wire

// ModelInfo is an installed Ollama model as the models API lists it.
type ModelInfo struct {
	Name          string `json:"name"`
	SizeBytes     int64  `json:"size_bytes"`
	Family        string `json:"family,omitempty"`
	ParameterSize string `json:"parameter_size,omitempty"`
	Quantization  string `json:"quantization,omitempty"`
	ModifiedAt    string `json:"modified_at,omitempty"` // RFC 3339
	// Loaded: the model is in memory now.
	Loaded bool `json:"loaded"`
	// Embedding: the model makes embeddings.
	Embedding bool `json:"embedding"`
}

// RecommendedModel is a model suggested for Japanese documents.
type RecommendedModel struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"` // "chat" or "embedding"
	SizeBytes int64  `json:"size_bytes"`
	Note      string `json:"note"`
	Installed bool   `json:"installed"`
}

// ModelList is the answer of GET /api/models and Models.List.
type ModelList struct {
	Models         []ModelInfo        `json:"models"`
	CurrentModel   string             `json:"current_model"`
	EmbeddingModel string             `json:"embedding_model"`
	Recommended    []RecommendedModel `json:"recommended"`
}

// CurrentModels are the models in use (GET /api/models/current).
type CurrentModels struct {
	ModelName      string `json:"model_name"`
	EmbeddingModel string `json:"embedding_model"`
}

// SwitchRequest is the body of POST /api/models/switch: Kind "embedding"
// sets the embedding model, anything else the chat model.
type SwitchRequest struct {
	ModelName string `json:"model_name"`
	Kind      string `json:"kind,omitempty"`
}

// SwitchResult is the answer of a switch (POST /api/models/switch,
// Models.Switch).
type SwitchResult struct {
	Status    string        `json:"status"` // "switched"
	Previous  CurrentModels `json:"previous"`
	Current   CurrentModels `json:"current"`
	ModelName string        `json:"model_name"`
}

// ModelConfig is GenOptions of one model as the models API shows and takes
// them (GET and PUT /api/models/{name}/config): every option is present,
// null meaning the model's default. ModelConfigOf and Options convert.
type ModelConfig struct {
	ModelName     string   `json:"model_name"`
	Temperature   *float64 `json:"temperature" tstype:"number | null,required"`
	MaxTokens     *int     `json:"max_tokens" tstype:"number | null,required"`
	ContextLength *int     `json:"context_length" tstype:"number | null,required"`
	TopP          *float64 `json:"top_p" tstype:"number | null,required"`
}

// ModelConfigOf is name's options o in the models API's form (zero
// becomes null).
func ModelConfigOf(name string, o GenOptions) ModelConfig {
	c := ModelConfig{ModelName: name, Temperature: o.Temperature, TopP: o.TopP}
	if o.MaxTokens > 0 {
		c.MaxTokens = &o.MaxTokens
	}
	if o.ContextLength > 0 {
		c.ContextLength = &o.ContextLength
	}
	return c
}

// Options are c's options as GenOptions (null becomes zero, the default).
func (c ModelConfig) Options() GenOptions {
	o := GenOptions{Temperature: c.Temperature, TopP: c.TopP}
	if c.MaxTokens != nil {
		o.MaxTokens = *c.MaxTokens
	}
	if c.ContextLength != nil {
		o.ContextLength = *c.ContextLength
	}
	return o
}

// PullRequest is the body of POST /api/models/pull.
type PullRequest struct {
	ModelName string `json:"model_name"`
}

// PullProgress is one step of a model download (an NDJSON line of POST
// /api/models/pull).
type PullProgress struct {
	// Status is Ollama's step ("pulling manifest", "success", …).
	Status    string  `json:"status"`
	Completed int64   `json:"completed"`
	Total     int64   `json:"total"`
	Percent   float64 `json:"percent"`
	RateBPS   float64 `json:"rate_bytes_per_second"`
	ETASecs   float64 `json:"eta_seconds"` // 0 when unknown
	Done      bool    `json:"done"`
	Error     string  `json:"error,omitempty"`
}

// PullStep is one "models:pull" event of the desktop app: a download's
// progress, and at its end Done with Status "success", "cancelled" or
// "error" (Error says why).
type PullStep struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	PullProgress `tstype:",extends"`
}

// OllamaStatus is what a probe learned about the Ollama server.
type OllamaStatus struct {
	Host      string `json:"host"`
	Reachable bool   `json:"reachable"`
	Version   string `json:"version,omitempty"`
	// Error says why it is not reachable, in words a user can act on.
	Error string `json:"error,omitempty"`
	// Phase is the supervisor's phase (running, starting, not_installed
	// …); "" when no supervisor runs.
	Phase string `json:"phase,omitempty"`
	// StartedByUs: the app started this server and stops it on exit.
	StartedByUs bool `json:"started_by_us,omitempty"`
}

// OllamaState is what the supervisor knows about Ollama (GET /api/ollama,
// Models.Ollama). Phases: checking, running, starting, restarting,
// stopped, not_installed, port_conflict.
type OllamaState struct {
	Phase   string `json:"phase"`
	Running bool   `json:"running"`
	Version string `json:"version,omitempty"`
	Host    string `json:"host"`
	// Managed is llm.manage_ollama: the app may start Ollama.
	Managed bool `json:"managed"`
	// StartedByUs: the running server is the app's child (stopped when
	// the app quits).
	StartedByUs bool   `json:"started_by_us"`
	Binary      string `json:"binary,omitempty"`
	PID         int    `json:"pid,omitempty"`
	Restarts    int    `json:"restarts"`
	LastError   string `json:"last_error,omitempty"`
	// InstallHint says how to install (not installed) or start Ollama.
	InstallHint string `json:"install_hint,omitempty"`
	// LogFile is where the child's output goes.
	LogFile string `json:"log_file,omitempty"`
}
