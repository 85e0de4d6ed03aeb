// The backup file: a zip any tool can open, independent of the database it came from.
//   fazhi-backup.json      manifest: format and version, source, the migrations the data is at, tables and row counts
//   tables/<table>.ndjson  one JSON object per row, in the dump's key order
//   blobs/<sha256>         each original upload, byte for byte (the `bytes` column of `blobs`)
// Integers are JSON numbers; other byte columns, should a table have one, are {"$base64": "…"}.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import readline from 'node:readline';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import yazl from 'yazl';

export const BACKUP_FORMAT = 'fazhi-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'fazhi-backup.json';
export const tableEntry = (table: string) => `tables/${table}.ndjson`;
export const blobEntry = (sha256: string) => `blobs/${sha256}`;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  source: { dialect: 'sqlite' | 'postgres'; where: string };
  /** Applied migrations of the source, in order: a restore needs a program at exactly these. */
  migrations: string[];
  /** In restore order (referenced tables first). */
  tables: { name: string; columns: string[]; rows: number }[];
  blobs: { count: number; bytes: number };
}

/** Writes entries one after another with backpressure, into FILE.partial, renamed to FILE when complete. */
export class ArchiveWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly done: Promise<unknown>;

  private constructor(
    private readonly file: string,
    private readonly partial: string,
  ) {
    const out = createWriteStream(partial);
    this.done = new Promise((resolve, reject) => {
      this.zip.outputStream.pipe(out);
      out.on('close', () => resolve(undefined));
      out.on('error', reject);
      this.zip.outputStream.on('error', reject);
    });
  }

  static create(file: string): ArchiveWriter {
    return new ArchiveWriter(file, `${file}.partial`);
  }

  /** A text entry written line by line; each write waits while the zip is behind. */
  lines(name: string): { write(line: string): Promise<void>; end(): Promise<void> } {
    const stream = new PassThrough();
    this.zip.addReadStream(stream, name);
    const consumed = once(stream, 'end');
    return {
      async write(line) {
        if (!stream.write(`${line}\n`)) await once(stream, 'drain');
      },
      async end() {
        stream.end();
        await consumed;
      },
    };
  }

  /** One binary entry, stored as is (uploads are zips already); answers once the zip has taken it. */
  async bytes(name: string, bytes: Buffer): Promise<void> {
    const stream = new PassThrough();
    this.zip.addReadStream(stream, name, { compress: false });
    const consumed = once(stream, 'end');
    stream.end(bytes);
    await consumed;
  }

  async finish(manifest: BackupManifest): Promise<void> {
    this.zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), MANIFEST_ENTRY);
    this.zip.end();
    await this.done;
    await rename(this.partial, this.file);
  }

  async abandon(): Promise<void> {
    this.zip.outputStream.unpipe();
    await rm(this.partial, { force: true });
  }
}

export class ArchiveReader {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
  ) {}

  static async open(file: string): Promise<ArchiveReader> {
    const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    return new ArchiveReader(zip, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`备份文件缺少 ${name}`);
    return this.zip.openReadStreamPromise(entry);
  }

  async bytes(name: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.stream(name)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async *lines(name: string): AsyncGenerator<string> {
    const input = await this.stream(name);
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) if (line !== '') yield line;
  }

  close(): void {
    this.zip.close();
  }
}
