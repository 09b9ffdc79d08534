import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFromResponse, errorFromWails, explainError } from './errors';
import { FAULT_TEXT } from './faultText.gen';

const folderMissing = {
  code: 'bad_source',
  reason: 'folder_missing',
  message: 'bad source: folder /x/docs does not exist: check the path (it is read on this machine: h)',
  hint: 'Check the path (it is read on the machine running the app).',
  params: { path: '/x/docs' },
};

describe('describeError', () => {
  it('renders the reason that refines a code in Japanese with params, hint and the server text', () => {
    const err = new ApiError({ ...folderMissing, status: 400 });
    const got = explainError(err, 'ja');
    expect(got.text).toBe('フォルダが見つかりません（/x/docs）。');
    expect(got.hint).toBe('パスを確認してください（このアプリが動いているマシン上のパスです）。');
    expect(got.detail).toBe(folderMissing.message);
    expect(describeError(err, 'ja')).toBe(`${got.text} ${got.hint} (${folderMissing.message})`);
  });

  it('shows the server message in English, or the code text and hint without one', () => {
    expect(describeError(new ApiError(folderMissing), 'en')).toBe(folderMissing.message);
    expect(describeError(new ApiError({ code: 'too_many_requests' }), 'en')).toBe(
      'The server is busy with other requests. Try again in a moment.',
    );
    expect(describeError(new ApiError({ code: 'too_many_requests' }), 'ja')).toBe(
      'サーバーがほかの処理で混み合っています。 少し待ってから再度お試しください。',
    );
  });

  it('shows an unknown code with the server text, never a blank', () => {
    expect(describeError(new ApiError({ code: 'brand_new', message: 'something new happened' }), 'ja')).toBe(
      'something new happened (brand_new)',
    );
    expect(describeError(new ApiError({ code: 'brand_new' }), 'ja')).toBe('brand_new');
    expect(describeError(new ApiError({ status: 502 }), 'en')).toBe('HTTP 502');
  });

  it('shows a raw Error or string as it is', () => {
    expect(describeError(new Error('the app is still starting'), 'ja')).toBe('the app is still starting');
    expect(describeError('boom', 'en')).toBe('boom');
    expect(describeError(new Error(''), 'ja')).toBe('error');
  });

  it('has ja and en for every generated code', () => {
    for (const [code, e] of Object.entries(FAULT_TEXT)) {
      expect(e.ja, code).not.toBe('');
      expect(e.en, code).not.toBe('');
    }
  });
});

describe('errors from the transports', () => {
  it('reads an HTTP error body', async () => {
    const res = new Response(JSON.stringify({ error: folderMissing, request_id: 'r1' }), { status: 400, statusText: 'Bad Request' });
    const err = await errorFromResponse(res);
    expect(err).toBeInstanceOf(ApiError);
    const a = err as ApiError;
    expect([a.code, a.reason, a.status, a.message, a.params?.path]).toEqual(['bad_source', 'folder_missing', 400, folderMissing.message, '/x/docs']);
  });

  it('falls back to the status line for a body that is not an error', async () => {
    const err = await errorFromResponse(new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(err.message).toBe('502 Bad Gateway');
  });

  it('parses a Wails rejection with a coded error, keeps a plain one', () => {
    const coded = errorFromWails(JSON.stringify(folderMissing));
    expect(coded).toBeInstanceOf(ApiError);
    expect((coded as ApiError).reason).toBe('folder_missing');
    expect(coded.message).toBe(folderMissing.message);
    const plain = errorFromWails('the app is still starting; try again in a moment');
    expect(plain).not.toBeInstanceOf(ApiError);
    expect(plain.message).toBe('the app is still starting; try again in a moment');
    expect(errorFromWails('{not json').message).toBe('{not json');
    expect(errorFromWails({ code: 'busy', message: 'a sync is already running' })).toBeInstanceOf(ApiError);
  });
});
