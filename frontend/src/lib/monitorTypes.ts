// Shapes of the monitoring API (Go: backend/monitor, backend/logging), the
// same over HTTP (/api/system/*, /api/health/detailed, /api/logs) and the
// Wails binding window.go.desktop.Monitoring.
import type { CheckResult, OllamaStatus } from './types';

export type AlertLevel = 'ok' | 'warning' | 'alert';

export interface QueueStats {
  running: number;
  queue_depth: number;
  max_concurrent_requests: number;
  max_queue_size: number;
  refused: number;
  timed_out: number;
}

export interface CacheStats {
  enabled: boolean;
  entries: number;
  hits: number;
  misses: number;
  hit_rate: number;
}

export interface IndexState {
  sources: number;
  pages: number;
  chunks: number;
  last_synced: string;
  syncing: boolean;
  error?: string;
}

export interface OllamaProcess {
  running: boolean;
  pids: number[];
  rss_mb: number;
  cpu_percent: number;
}

/** GET /api/system/status. */
export interface SystemStatus {
  status: string;
  version: string;
  time: string;
  uptime_seconds: number;
  data_home: string;
  checks: Record<string, CheckResult>;
  ollama: OllamaStatus;
  sampled_at: string;
  cpu_percent: number;
  process_cpu_percent: number;
  memory_usage_mb: number;
  memory_total_mb: number;
  memory_usage_percent: number;
  process_memory_mb: number;
  disk_usage_mb: number;
  disk_total_mb: number;
  disk_free_mb: number;
  disk_usage_percent: number;
  ollama_process: OllamaProcess;
  active_sessions: number;
  active_requests: number;
  queue_depth: number;
  queue: QueueStats;
  cache: CacheStats;
  cache_hit_rate: number;
  index: IndexState;
  alert_level: AlertLevel;
  active_alerts: number;
}

/** GET /api/health/detailed. */
export interface DetailedHealth {
  status: 'healthy' | 'degraded' | 'unhealthy' | string;
  version: string;
  time: string;
  checks: Record<string, CheckResult>;
}

/** One operation's figures; times in ms, error_rate 0–1. */
export interface OpStats {
  average_response_time: number;
  total_requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max_response_time: number;
  error_rate: number;
  error_rate_percent: number;
  requests_per_minute: number;
}

/** GET /api/system/performance. */
export interface Performance {
  performance_stats: Record<string, OpStats>;
  hours: number;
  since: string;
  time_unit: string;
}

export interface Alert {
  id: number;
  time: string;
  metric: string;
  state: 'raised' | 'cleared';
  value: number;
  threshold: number;
  message: string;
}

export interface Thresholds {
  memory_usage_percent: number;
  disk_usage_percent: number;
  cpu_usage_percent: number;
  response_time_ms: number;
  error_rate_percent: number;
}

/** GET /api/system/alerts. */
export interface AlertReport {
  level: AlertLevel;
  active: Alert[];
  recent: Alert[];
  thresholds: Thresholds;
  ollama: OllamaStatus;
}

export interface ResourceSample {
  time: string;
  cpu_percent: number;
  memory_percent: number;
  memory_used_mb: number;
  process_rss_mb: number;
  disk_percent: number;
  disk_used_mb: number;
  ollama_rss_mb: number;
}

/** GET /api/system/history. */
export interface History {
  hours: number;
  interval_seconds: number;
  samples: ResourceSample[];
}

export type LogLevel = '' | 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface LogRecord {
  time: string;
  level: string;
  message: string;
  attrs?: Record<string, unknown>;
  raw: string;
}

/** GET /api/logs. */
export interface LogPage {
  records: LogRecord[];
  count: number;
}

export interface LogQuery {
  level: LogLevel;
  q: string;
  limit: number;
}

/** One scheduled maintenance job (Go: maintenance.JobStatus). Times are RFC 3339. */
export interface MaintenanceJob {
  name: string;
  enabled: boolean;
  interval: string;
  /** "daily at 02:00", "weekly on Sunday at 04:00", "every 24h0m0s" or "on demand". */
  schedule: string;
  last_run?: string;
  last_ok: boolean;
  last_result?: string;
  last_error?: string;
  last_success?: string;
  seconds: number;
  /** Failed runs since the last success; the next try waits 1, 2, 4 … minutes (at most an hour). */
  failures: number;
  next_run?: string;
  running: boolean;
}

/** GET /api/maintenance. */
export interface MaintenancePage {
  jobs: MaintenanceJob[];
}
