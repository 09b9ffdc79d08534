import { useQuery } from '@tanstack/react-query';
import { getHealth, getInfo } from './backend';

export const POLL_INTERVAL_MS = 10_000;

export const queryKeys = {
  info: ['app', 'info'] as const,
  health: ['app', 'health'] as const,
};

/** App overview (version, paths, Ollama status), refreshed every 10 s. */
export function useInfo() {
  return useQuery({
    queryKey: queryKeys.info,
    queryFn: getInfo,
    refetchInterval: POLL_INTERVAL_MS,
  });
}

/** Health report (200 or 503 both resolve), refreshed every 10 s. */
export function useHealth(enabled = true) {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: getHealth,
    refetchInterval: POLL_INTERVAL_MS,
    enabled,
  });
}
