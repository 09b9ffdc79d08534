import { useEffect, useRef } from 'react';
import { useIsMutating, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  addSource,
  cancelSync,
  DEFAULT_SEARCH_K,
  getHealth,
  getInfo,
  getSyncStatus,
  listPages,
  listSources,
  getSourcePolicy,
  removeSource,
  search,
  syncSource,
} from './backend';
import type { AddSourceRequest, SyncStatus } from './types';

export const POLL_INTERVAL_MS = 10_000;
/** Sync status polling while a run is in progress. */
export const SYNC_POLL_RUNNING_MS = 1_000;

export const queryKeys = {
  info: ['app', 'info'] as const,
  health: ['app', 'health'] as const,
  search: (query: string, k: number) => ['library', 'search', query, k] as const,
  searchAll: ['library', 'search'] as const,
  sources: ['library', 'sources'] as const,
  sourcePolicy: ['library', 'sourcePolicy'] as const,
  pages: (id: number) => ['library', 'pages', id] as const,
  pagesAll: ['library', 'pages'] as const,
  sync: ['library', 'sync'] as const,
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

/** Registered sources; refreshed when a sync run ends (see useSyncStatus). */
export function useSources() {
  return useQuery({ queryKey: queryKeys.sources, queryFn: listSources });
}

/** Which sources the server accepts; it changes only when the server restarts. */
export function useSourcePolicy() {
  return useQuery({ queryKey: queryKeys.sourcePolicy, queryFn: getSourcePolicy, staleTime: Infinity, retry: false });
}

/** Pages of one source, fetched only while the list is open. */
export function usePages(id: number, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.pages(id), queryFn: () => listPages(id), enabled });
}

const RUNNING = '\u0000running';

/** Data that changes when documents are added or removed. */
function invalidateLibrary(client: QueryClient) {
  void client.invalidateQueries({ queryKey: queryKeys.sources });
  void client.invalidateQueries({ queryKey: queryKeys.pagesAll });
  void client.invalidateQueries({ queryKey: queryKeys.searchAll });
}

/**
 * Status of the current or last sync: polled every second while one runs,
 * every 10 s otherwise. When a run ends (finished_at changes), the sources,
 * page lists and search results are refreshed.
 */
export function useSyncStatus() {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.sync,
    queryFn: getSyncStatus,
    refetchInterval: (q) => (q.state.data?.running ? SYNC_POLL_RUNNING_MS : POLL_INTERVAL_MS),
  });
  // What we last saw: RUNNING, or the finished_at of the last finished run
  // ('' before any). A change to a (new) finished state means a run ended.
  const marker = query.data ? (query.data.running ? RUNNING : query.data.finished_at) : undefined;
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (marker === undefined) return;
    if (seen.current !== undefined && seen.current !== marker && marker !== RUNNING) invalidateLibrary(client);
    seen.current = marker;
  }, [marker, client]);
  return query;
}

const START_SYNC_KEY = ['library', 'start-sync'] as const;

/** True while a sync is running or being started (add source / sync now): one run at a time. */
export function useSyncBusy(status: SyncStatus | undefined): boolean {
  return useIsMutating({ mutationKey: START_SYNC_KEY }) > 0 || !!status?.running;
}

/** Put a status answered by a mutation into the cache so polling speeds up at once. */
function useStatusSetter() {
  const client = useQueryClient();
  return (status: SyncStatus) => {
    client.setQueryData(queryKeys.sync, status);
    void client.invalidateQueries({ queryKey: queryKeys.sources });
  };
}

export function useAddSource() {
  const setStatus = useStatusSetter();
  return useMutation({
    mutationKey: START_SYNC_KEY,
    mutationFn: (req: AddSourceRequest) => addSource(req),
    onSuccess: setStatus,
  });
}

export function useSyncSource() {
  const setStatus = useStatusSetter();
  return useMutation({ mutationKey: START_SYNC_KEY, mutationFn: (id: number) => syncSource(id), onSuccess: setStatus });
}

export function useCancelSync() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: cancelSync,
    onSuccess: (status) => client.setQueryData(queryKeys.sync, status),
  });
}

export function useRemoveSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => removeSource(id),
    onSuccess: (_v, id) => {
      client.removeQueries({ queryKey: queryKeys.pages(id) });
      invalidateLibrary(client);
    },
  });
}
