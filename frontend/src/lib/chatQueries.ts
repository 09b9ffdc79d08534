// TanStack Query hooks and the streaming state of the Chat page.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  askQuestion,
  deleteSession,
  getSession,
  listSessions,
  regenerateAnswer,
  renameSession,
  type AnswerStream,
} from './backend';
import type { ChatAnswer, ChatCitation, ChatEvent, Conversation } from './types';

/** The server's limit (Go: chat.MaxQuestionRunes); longer questions are refused. */
export const MAX_QUESTION_CHARS = 2000;

/** Characters as the server counts them (Unicode code points, trimmed). */
export function questionLength(q: string): number {
  return [...q.trim()].length;
}

export const chatKeys = {
  sessions: ['chat', 'sessions'] as const,
  session: (id: string) => ['chat', 'session', id] as const,
};

/** The session list, most recent first. */
export function useSessions() {
  return useQuery({ queryKey: chatKeys.sessions, queryFn: listSessions });
}

/** One session with its messages ('' = none selected: no request). */
export function useConversation(id: string) {
  return useQuery({ queryKey: chatKeys.session(id), queryFn: () => getSession(id), enabled: id !== '' });
}

export function useRenameSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => renameSession(id, title),
    onSuccess: (_v, { id }) => {
      void client.invalidateQueries({ queryKey: chatKeys.sessions });
      void client.invalidateQueries({ queryKey: chatKeys.session(id) });
    },
  });
}

export function useDeleteSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSession(id),
    onSuccess: (_v, id) => {
      client.removeQueries({ queryKey: chatKeys.session(id) });
      void client.invalidateQueries({ queryKey: chatKeys.sessions });
    },
  });
}

/** The question being answered (or just answered, until the stored answer is loaded). */
export interface PendingTurn {
  question: string;
  sessionId: string;
  /** How many stored messages of the session come before this turn. */
  baseCount: number;
  text: string;
  citations: ChatCitation[];
  phase: 'waiting' | 'streaming' | 'finished';
  answer?: ChatAnswer;
  /** Why the answer is incomplete (interrupted). */
  error?: string;
}

export interface AnswerState {
  pending: PendingTurn | null;
  busy: boolean;
  /** An error before anything was stored (bad question, unknown session …). */
  failure: string;
  ask(question: string, sessionId: string, baseCount: number): Promise<boolean>;
  regenerate(sessionId: string, question: string, baseCount: number): Promise<boolean>;
  stop(): void;
  clearFailure(): void;
}

/**
 * Runs one answer at a time. onSession is told the session ID as soon as the
 * backend has stored the question (a new session is created for it).
 */
export function useAnswerStream(onSession: (id: string) => void): AnswerState {
  const client = useQueryClient();
  const [pending, setPending] = useState<PendingTurn | null>(null);
  const [failure, setFailure] = useState('');
  const stream = useRef<AnswerStream | null>(null);
  const onSessionRef = useRef(onSession);
  onSessionRef.current = onSession;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (turn: PendingTurn, start: (onEvent: (ev: ChatEvent) => void) => AnswerStream): Promise<boolean> => {
      if (stream.current) return false;
      setFailure('');
      setPending(turn);
      let sessionId = turn.sessionId;
      const onEvent = (ev: ChatEvent) => {
        if (!mounted.current) return;
        if (ev.type === 'start' && ev.session_id) {
          sessionId = ev.session_id;
          onSessionRef.current(ev.session_id);
          // a new session is listed at once, not only when the answer ends
          void client.invalidateQueries({ queryKey: chatKeys.sessions });
        }
        setPending((p) => {
          if (!p) return p;
          switch (ev.type) {
            case 'start':
              return { ...p, sessionId: ev.session_id ?? p.sessionId };
            case 'citations':
              return { ...p, citations: ev.citations ?? [], phase: 'streaming' };
            case 'token':
              return { ...p, text: p.text + (ev.text ?? ''), phase: 'streaming' };
            case 'error':
              return { ...p, error: ev.text };
            default:
              return p;
          }
        });
      };
      const s = start(onEvent);
      stream.current = s;
      let ok = true;
      let finalSession = sessionId;
      try {
        const { answer, error } = await s.result;
        finalSession = answer.session_id || sessionId;
        if (mounted.current) {
          setPending((p) =>
            p ? { ...p, sessionId: finalSession, text: answer.text || p.text, citations: answer.citations.length ? answer.citations : p.citations, phase: 'finished', answer, error } : p,
          );
        }
      } catch (e) {
        ok = false;
        const message = e instanceof Error ? e.message : String(e);
        if (mounted.current) {
          setFailure(message);
          setPending(null);
        }
      } finally {
        stream.current = null;
      }
      void client.invalidateQueries({ queryKey: chatKeys.sessions });
      if (finalSession) {
        const conv = await client
          .fetchQuery({ queryKey: chatKeys.session(finalSession), queryFn: () => getSession(finalSession), staleTime: 0 })
          .catch(() => undefined as Conversation | undefined);
        const stored = conv && conv.history.length > turn.baseCount && conv.history[conv.history.length - 1].role !== 'user';
        if (mounted.current && stored) setPending((p) => (p && p.phase === 'finished' ? null : p));
      }
      return ok;
    },
    [client],
  );

  const ask = useCallback(
    (question: string, sessionId: string, baseCount: number) =>
      run(
        { question, sessionId, baseCount, text: '', citations: [], phase: 'waiting' },
        (onEvent) => askQuestion({ question, ...(sessionId ? { session_id: sessionId } : {}) }, onEvent),
      ),
    [run],
  );

  const regenerate = useCallback(
    (sessionId: string, question: string, baseCount: number) =>
      run({ question, sessionId, baseCount, text: '', citations: [], phase: 'waiting' }, (onEvent) =>
        regenerateAnswer(sessionId, {}, onEvent),
      ),
    [run],
  );

  const stop = useCallback(() => stream.current?.stop(), []);
  const clearFailure = useCallback(() => setFailure(''), []);

  return { pending, busy: pending !== null && pending.phase !== 'finished', failure, ask, regenerate, stop, clearFailure };
}
