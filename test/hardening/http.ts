// HTTP helpers of the hardening tests and scripts: sign in as the first administrator and get an
// API token (when the server has accounts), and upload files the way the page does.
import { TEST_ADMIN } from '../support/server';

/** The first administrator the hardening server processes are started with (ADMIN_USER / ADMIN_PASSWORD). */
export const HARDENING_ADMIN_PASSWORD: string = TEST_ADMIN.password;
export const HARDENING_ADMIN_USER: string = TEST_ADMIN.username;

export type Headers = Record<string, string>;

/**
 * Headers that authenticate as the administrator: signs in, then creates an API token (Bearer needs
 * no CSRF token). A server without accounts (no /api/session) needs none: {}.
 */
export async function adminHeaders(baseUrl: string, password = HARDENING_ADMIN_PASSWORD): Promise<Headers> {
  const login = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username: HARDENING_ADMIN_USER, password }),
  });
  if (login.status === 404) return {};
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const { user, csrfToken } = (await login.json()) as { user: { id: string }; csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const created = await fetch(`${baseUrl}/api/users/${user.id}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'hardening' }),
  });
  if (created.status !== 201) throw new Error(`token creation failed: ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

export interface UploadAnswer {
  status: number;
  // Tests probe arbitrary answers; typing each would only restate the assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** POST /api/submissions with the files in the form field "files". */
export async function uploadFiles(baseUrl: string, headers: Headers, files: { name: string; bytes: Buffer }[], query = ''): Promise<UploadAnswer> {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  const response = await fetch(`${baseUrl}/api/submissions${query}`, { method: 'POST', body: form, headers });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`upload answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
  }
}
