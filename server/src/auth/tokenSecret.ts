import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minTokenSecretBytes } from './RoomTokens.js';

/** File under DATA_DIR that keeps the generated token secret. */
export const tokenSecretFileName = 'token-secret';

/**
 * The secret that signs room tokens: `configured` (TOKEN_SECRET) when set;
 * otherwise the one kept in `DATA_DIR/token-secret`, generated (32 random
 * bytes, file mode 0600) the first time. Keeping it means links survive a
 * restart; deleting the file revokes every link at once.
 *
 * @throws Error when the kept file is shorter than {@link minTokenSecretBytes}.
 */
export function loadTokenSecret(configured: string, dataDir: string): Uint8Array {
  if (configured !== '') return new TextEncoder().encode(configured);
  const file = join(dataDir, tokenSecretFileName);
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dataDir, { recursive: true });
    secret = randomBytes(minTokenSecretBytes);
    // 'wx': if another process created it meanwhile, fail rather than overwrite its secret.
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return new Uint8Array(secret);
  }
  if (secret.byteLength < minTokenSecretBytes) {
    throw new Error(`${file} holds fewer than ${minTokenSecretBytes} bytes`);
  }
  return new Uint8Array(secret);
}
