/** The API client: same-origin JSON and CSV, with the access key the user pasted (if any). */

const KEY_STORAGE = 'stancewatch.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage refused (private mode): the key lasts only until this page is left.
  }
}

/** A change sent as JSON (PUT, DELETE); the answer's JSON, or null for 204. */
export async function sendJson<T>(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
  const sent = headers('application/json');
  if (body !== undefined) sent.set('content-type', 'application/json');
  const response = await fetch(path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response, path);
  return response.status === 204 ? null : ((await response.json()) as T);
}

function headers(accept: string): Headers {
  const result = new Headers({ accept });
  const key = storedKey();
  if (key) result.set('authorization', `Bearer ${key}`);
  return result;
}

function url(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return query ? `${path}?${query}` : path;
}

/** An RFC 9457 problem as one sentence a person can act on. */
async function failure(response: Response, path: string): Promise<ApiError> {
  let detail = '';
  try {
    const body = (await response.json()) as { detail?: unknown; title?: unknown };
    detail = String(body.detail ?? body.title ?? '');
  } catch {
    // Not a problem document; the status says enough.
  }
  const what =
    response.status === 401 || response.status === 403
      ? 'needs an API key with access (paste one in the Access key field)'
      : response.status === 404
        ? 'not available on this server'
        : `failed (HTTP ${response.status})`;
  return new ApiError(response.status, `${path} ${what}${detail ? `: ${detail}` : ''}`);
}

export async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const response = await fetch(url(path, params), { headers: headers('application/json') });
  if (!response.ok) throw await failure(response, path);
  return (await response.json()) as T;
}

/** CSV text of a route, and the next page's address from its `Link: rel="next"` header. */
export async function getCsv(
  path: string,
  params?: URLSearchParams,
): Promise<{ text: string; next: string | null }> {
  const response = await fetch(url(path, params), { headers: headers('text/csv') });
  if (!response.ok) throw await failure(response, path);
  const link = response.headers.get('link');
  const next = link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
  return { text: await response.text(), next };
}
