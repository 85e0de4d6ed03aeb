// Talks to the aggregator's /api: JSON in and out, the session's CSRF token on every unsafe request,
// errors as ApiError with the server's Chinese message, and uploads through XHR for their progress.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onUnauthorized: () => void = () => undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401 after login (session expired): the page goes back to login. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

function headersFor(method: string, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (json) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

function errorFrom(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(status, body.error.code ?? 'ERROR', body.error.message);
  } catch {
    // not JSON: fall through to a generic message
  }
  if (status === 0) return new ApiError(0, 'NETWORK', '无法连接汇总服务，请检查网络后重试。');
  if (status === 413) return new ApiError(status, 'TOO_LARGE', '上传的文件太大，超过了服务器允许的大小。');
  return new ApiError(status, 'HTTP_' + status, `服务器返回错误（${status}），请稍后重试；如果一直出现，请联系系统管理员。`);
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw errorFrom(0, '');
  }
  const text = await response.text();
  if (!response.ok) {
    const error = errorFrom(response.status, text);
    if (response.status === 401 && !url.startsWith('/api/session')) onUnauthorized();
    throw error;
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * POST with a JSON body whose answer is a file: the browser saves it under the server's name
 * (Content-Disposition), and the answer's headers are handed back.
 */
export async function postForFile(url: string, body: unknown): Promise<{ name: string; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: headersFor('POST', true), body: JSON.stringify(body) });
  } catch {
    throw errorFrom(0, '');
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw errorFrom(response.status, await response.text());
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? 'download');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return { name, headers: response.headers };
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body: unknown = {}) => api<T>('POST', url, body);

/** multipart upload with progress (fetch cannot report upload progress); PUT for a replace-style write. */
export function upload<T>(url: string, form: FormData, onProgress: (sent: number, total: number) => void, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headersFor(method, false))) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(errorFrom(xhr.status, ''));
        }
      } else {
        if (xhr.status === 401) onUnauthorized();
        reject(errorFrom(xhr.status, xhr.responseText));
      }
    });
    xhr.addEventListener('error', () => reject(errorFrom(0, '')));
    xhr.send(form);
  });
}

/** Query string from the defined entries only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString() : '';
}
