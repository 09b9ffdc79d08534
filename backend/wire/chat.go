package wire

// GenOptions are the generation options of a model: stored per model in
// config.yaml (llm.models), sent with a question (AskRequest.Options) and
// passed to the model. A nil pointer or zero means the model's own default.
// This is the one definition; config.ModelOptions, chat.Options and
// llm.GenOptions are aliases of it, and ModelConfig is its form in the
// models API.
type GenOptions struct {
	Temperature *float64 `json:"temperature,omitempty" yaml:"temperature"`
	// MaxTokens is sent to Ollama as num_predict.
	MaxTokens int `json:"max_tokens,omitempty" yaml:"max_tokens"`
	// ContextLength is sent to Ollama as num_ctx.
	ContextLength int      `json:"context_length,omitempty" yaml:"context_length"`
	TopP          *float64 `json:"top_p,omitempty" yaml:"top_p"`
}

// AskRequest is one question (the body of POST /api/query, the request of
// Conversations.Ask). chat.Request is an alias.
type AskRequest struct {
	// SessionID continues a session; "" starts a new one titled by the
	// question.
	SessionID string `json:"session_id,omitempty"`
	Question  string `json:"question"`
	// MaxSources is how many passages to draw on; 0 means the default.
	MaxSources int `json:"max_sources,omitempty"`
	// Model overrides the default chat model; it must be installed.
	Model string `json:"model,omitempty"`
	// Options override the model's stored options field by field.
	Options *GenOptions `json:"options,omitempty"`
	// NoCache skips the answer cache (regenerate sets it).
	NoCache bool `json:"no_cache,omitempty"`
}

// Citation is a passage an answer draws on, numbered as the answer cites
// it ([n]).
type Citation struct {
	N       int    `json:"n"`
	ChunkID int64  `json:"chunk_id"`
	Title   string `json:"title"`
	// Section is the heading path joined with " > "; may be empty.
	Section string `json:"section"`
	// URL is an http(s) URL (with #anchor), a file:// URL or an opaque id.
	URL     string `json:"url"`
	Snippet string `json:"snippet"`
	// FetchedAt is RFC 3339; absent when unknown.
	FetchedAt string  `json:"fetched_at,omitempty"`
	Score     float64 `json:"score"`
}

// Answer is the final, stored answer to one question.
type Answer struct {
	SessionID  string `json:"session_id"`
	QuestionID int64  `json:"question_id"`
	MessageID  int64  `json:"message_id"`
	// Kind is "answer" (the model's), "refusal" (not in the documents) or
	// "search_results" (no model).
	Kind      string     `json:"kind"`
	Text      string     `json:"text"`
	Citations []Citation `json:"citations"`
	Model     string     `json:"model,omitempty"`
	// Status is "complete", "interrupted" or "stopped".
	Status string `json:"status"`
	// Mode is the retrieval mode ("lexical", "hybrid", …).
	Mode string `json:"mode"`
	// Note explains a fallback (no model, lexical only) in words for users.
	Note   string  `json:"note,omitempty"`
	Cached bool    `json:"cached"`
	Timing Timings `json:"timing"`
}

// Timings are measured milliseconds.
type Timings struct {
	RetrievalMS  float64 `json:"retrieval_ms"`
	FirstTokenMS float64 `json:"first_token_ms,omitempty"`
	TotalMS      float64 `json:"total_ms"`
}

// ChatEvent is one step of a streamed answer: "start" (session and
// question stored), "citations", "token" (Text holds the new text), then
// "done" (Answer is final); "error" ends a broken HTTP stream.
type ChatEvent struct {
	Type      string     `json:"type"`
	SessionID string     `json:"session_id,omitempty"`
	Text      string     `json:"text,omitempty"`
	Citations []Citation `json:"citations,omitempty"`
	Answer    *Answer    `json:"answer,omitempty"`
}

// Session is a chat session as listed (GET /api/sessions).
type Session struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedAt string `json:"created_at"` // RFC 3339
	UpdatedAt string `json:"updated_at"` // RFC 3339, the last message's time
	Messages  int    `json:"messages"`
}

// SessionList is the answer of GET /api/sessions, most recent first.
type SessionList struct {
	Sessions []Session `json:"sessions"`
}

// ChatMessage is a stored turn with its citations decoded. Role "user" has
// kind "question"; Kind is otherwise "answer", "refusal" or
// "search_results"; Status is "complete", "interrupted" or "stopped".
type ChatMessage struct {
	ID        int64      `json:"id"`
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	Kind      string     `json:"kind"`
	Status    string     `json:"status"`
	Model     string     `json:"model,omitempty"`
	Citations []Citation `json:"citations"`
	CreatedAt string     `json:"created_at"`
}

// Conversation is a session with its messages (GET /api/sessions/{id}).
type Conversation struct {
	Session `tstype:",extends"`
	History []ChatMessage `json:"history"`
}

// Exported is a rendered session ready to save (Conversations.Export).
type Exported struct {
	Filename string `json:"filename"`
	Content  string `json:"content"`
}

// SessionTitle is the body of POST /api/sessions (optional; "" leaves the
// session untitled) and PATCH /api/sessions/{id}.
type SessionTitle struct {
	Title string `json:"title"`
}
