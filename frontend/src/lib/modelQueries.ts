// TanStack Query hooks of the Models page, and the running downloads
// (kept in the query cache so they survive leaving the page).
import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  deleteModel,
  getModelConfig,
  getOllamaState,
  listModels,
  pullModel,
  setModelConfig,
  switchModel,
} from './backend';
import type { ModelConfig, ModelKind, PullProgress } from './types';
import { queryKeys, POLL_INTERVAL_MS } from './queries';

export const modelKeys = {
  list: ['models', 'list'] as const,
  ollama: ['models', 'ollama'] as const,
  config: (name: string) => ['models', 'config', name] as const,
  pulls: ['models', 'pulls'] as const,
};

/** Installed, current and recommended models. */
export function useModels() {
  return useQuery({ queryKey: modelKeys.list, queryFn: listModels, retry: false });
}

/** Ollama's state, refreshed every 10 s. */
export function useOllamaState() {
  return useQuery({ queryKey: modelKeys.ollama, queryFn: getOllamaState, refetchInterval: POLL_INTERVAL_MS, retry: false });
}

/** A model's settings, loaded while its form is open. */
export function useModelConfig(name: string, enabled: boolean) {
  return useQuery({ queryKey: modelKeys.config(name), queryFn: () => getModelConfig(name), enabled, retry: false });
}

function refreshModels(client: QueryClient) {
  void client.invalidateQueries({ queryKey: modelKeys.list });
  void client.invalidateQueries({ queryKey: queryKeys.info });
}

export function useSwitchModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, name }: { kind: ModelKind; name: string }) => switchModel(kind, name),
    onSuccess: () => refreshModels(client),
  });
}

export function useDeleteModel() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (name: string) => deleteModel(name), onSuccess: () => refreshModels(client) });
}

export function useSaveModelConfig() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cfg: ModelConfig) => setModelConfig(cfg),
    onSuccess: (cfg) => client.setQueryData(modelKeys.config(cfg.model_name), cfg),
  });
}

/** One download shown on the page. */
export interface PullState {
  name: string;
  phase: 'running' | 'done' | 'failed' | 'cancelled';
  progress: PullProgress | null;
  error: string;
  cancel(): void;
}

/** Downloads started from this window: start, cancel, dismiss. One per model name at a time. */
export function usePulls() {
  const client = useQueryClient();
  const pulls = useQuery({
    queryKey: modelKeys.pulls,
    queryFn: () => client.getQueryData<PullState[]>(modelKeys.pulls) ?? [],
    initialData: [] as PullState[],
    staleTime: Infinity,
    gcTime: Infinity,
  }).data;

  const update = useCallback(
    (name: string, patch: Partial<PullState>) =>
      client.setQueryData<PullState[]>(modelKeys.pulls, (list = []) => list.map((p) => (p.name === name ? { ...p, ...patch } : p))),
    [client],
  );

  const start = useCallback(
    (name: string) => {
      const list = client.getQueryData<PullState[]>(modelKeys.pulls) ?? [];
      if (list.some((p) => p.name === name && p.phase === 'running')) return;
      const handle = pullModel(name, (progress) => update(name, { progress }));
      client.setQueryData<PullState[]>(modelKeys.pulls, [
        ...list.filter((p) => p.name !== name),
        { name, phase: 'running', progress: null, error: '', cancel: handle.cancel },
      ]);
      handle.result.then(
        (last) => {
          update(name, { phase: last.status === 'cancelled' ? 'cancelled' : 'done' });
          refreshModels(client);
        },
        (e: unknown) => update(name, { phase: 'failed', error: e instanceof Error ? e.message : String(e) }),
      );
    },
    [client, update],
  );

  const dismiss = useCallback(
    (name: string) => client.setQueryData<PullState[]>(modelKeys.pulls, (list = []) => list.filter((p) => p.name !== name || p.phase === 'running')),
    [client],
  );

  return { pulls, start, dismiss };
}
