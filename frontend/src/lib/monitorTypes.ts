// The monitoring shapes (HTTP /api/system/*, /api/health/detailed,
// /api/logs, /api/maintenance and the Wails binding Monitoring), under the
// names the UI uses. Generated from backend/wire into wire.gen.ts
// (`go generate ./backend/wire`); only the UI-only types at the end are
// written here.
import type * as wire from './wire.gen';

export type QueueStats = wire.QueueStats;
export type CacheStats = wire.CacheStats;
export type IndexState = wire.IndexState;
export type OllamaProcess = wire.OllamaProcess;
export type SystemStatus = wire.SystemStatus;
export type DetailedHealth = wire.DetailedHealth;
export type OpStats = wire.OpStats;
export type Performance = wire.Performance;
export type Alert = wire.Alert;
export type Thresholds = wire.Thresholds;
export type AlertReport = wire.AlertReport;
export type ResourceSample = wire.ResourceSample;
export type History = wire.History;
export type LogRecord = wire.LogEntry;
export type LogPage = wire.LogPage;
export type MaintenanceJob = wire.JobStatus;
export type MaintenancePage = wire.MaintenancePage;

// ---- UI-only types ----
export type AlertLevel = 'ok' | 'warning' | 'alert';
export type LogLevel = '' | 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
/** The log viewer's filter (sent as query parameters, not as JSON). */
export interface LogQuery {
  level: LogLevel;
  q: string;
  limit: number;
}
