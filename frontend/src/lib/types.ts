// The shapes the HTTP API and the Wails bindings send, under the names the
// UI uses. They are generated from the Go package backend/wire into
// wire.gen.ts (`go generate ./backend/wire`); do not write a wire shape by
// hand here. Only the UI-only types at the end (literal unions that narrow
// a wire string for the UI's switch statements, and the formats the UI
// picks) are written here.
import type * as wire from './wire.gen';

// ---- status and health (Go: monitor, llm) ----
export type OllamaStatus = wire.OllamaStatus;
export type Overview = wire.Overview;
export type CheckResult = wire.CheckResult;
export type HealthReport = wire.HealthReport;
/** Error body returned by the HTTP API. */
export type APIErrorBody = wire.ErrorBody;

// ---- search ----
export type SearchHit = wire.SearchHit;
export type SearchResult = wire.SearchResult;

// ---- sources and sync (Go: ingest) ----
export type SourcePolicy = wire.SourcePolicy;
export type SourceSummary = wire.SourceSummary;
export type PageState = wire.PageInfo;
export type SyncProgress = wire.SyncProgress;
export type SyncReason = wire.SyncProblem;
export type SyncReport = wire.SyncReport;
export type SyncStatus = wire.SyncStatus;
export type AddSourceRequest = wire.SourceRequest;

// ---- backups (Go: backup) ----
export type BackupCounts = wire.BackupCounts;
export type BackupFileEntry = wire.BackupFileEntry;
export type BackupManifest = wire.BackupManifest;
export type BackupInfo = wire.BackupInfo;
export type BackupList = wire.BackupList;
export type BackupVerifyResult = wire.BackupVerifyResult;
export type BackupReset = wire.BackupReset;
export type BackupInspection = wire.BackupInspection;
export type RestoreResult = wire.RestoreResult;
export type BackupProgress = wire.BackupProgress;

// ---- chat (Go: chat) ----
export type ChatCitation = wire.Citation;
export type ChatAnswer = wire.Answer;
export type ChatEvent = wire.ChatEvent;
export type ChatOptions = wire.GenOptions;
export type ChatRequest = wire.AskRequest;
export type ChatSession = wire.Session;
export type ChatMessage = wire.ChatMessage;
export type Conversation = wire.Conversation;
export type ExportedSession = wire.Exported;

// ---- models (Go: models, llm) ----
export type ModelInfo = wire.ModelInfo;
export type RecommendedModel = wire.RecommendedModel;
export type ModelsList = wire.ModelList;
export type CurrentModels = wire.CurrentModels;
export type ModelConfig = wire.ModelConfig;
export type PullProgress = wire.PullProgress;
export type OllamaState = wire.OllamaState;

// ---- UI-only types (never sent as such; they narrow wire strings) ----
export type CheckStatus = 'ok' | 'warning' | 'fail';
/** A kind the app offers; the list is SOURCE_KINDS in sourceKinds.ts. */
export type SourceKind = import('./sourceKinds').SourceKind;
export type PageStatus = 'ok' | 'failed' | 'skipped';
/** "answer" (the model's), "refusal" (not in the documents) or "search_results" (no model). */
export type AnswerKind = 'answer' | 'refusal' | 'search_results';
/** "complete", "interrupted" (model failed mid-answer) or "stopped" (by the user). */
export type AnswerStatus = 'complete' | 'interrupted' | 'stopped';
export type ExportFormat = 'markdown' | 'json';
export type ModelKind = 'chat' | 'embedding';
