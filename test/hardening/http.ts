// HTTP helpers of the hardening tests and scripts: authenticate as the first administrator of a
// server process, and upload files the way the page does.
import { asAdmin } from '../support/server';

export type Headers = Record<string, string>;

/** Headers that authenticate as the first administrator (TEST_ADMIN) with a new API token. */
export async function adminHeaders(baseUrl: string): Promise<Headers> {
  return (await asAdmin({ url: baseUrl })).headers;
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
