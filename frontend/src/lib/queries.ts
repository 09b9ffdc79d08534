import { useQuery } from '@tanstack/react-query';
import { DEFAULT_SEARCH_K, getHealth, getInfo, search } from './backend';

export const POLL_INTERVAL_MS = 10_000;

export const queryKeys = {
  info: ['app', 'info'] as const,
  health: ['app', 'health'] as const,
  search: (query: string, k: number) => ['library', 'search', query, k] as const,
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

/**
 * Search results for a submitted query ('' = nothing submitted yet, no request).
 * Keyed by the query, so typing does not search; a bad query is not retried.
 */
export function useSearch(query: string, k: number = DEFAULT_SEARCH_K) {
  return useQuery({
    queryKey: queryKeys.search(query, k),
    queryFn: () => search(query, k),
    enabled: query !== '',
    retry: false,
    staleTime: 30_000,
  });
}
