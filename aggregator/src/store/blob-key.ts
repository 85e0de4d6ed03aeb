import { createHash } from 'node:crypto';

/** The key of an original's bytes in the blobs table (hex SHA-256). */
export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
