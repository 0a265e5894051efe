import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TokenSigner } from '@shop/identity';
import type { Logger } from '@shop/platform';
import type { AuthConfig } from '../config.js';

type KeySettings = Pick<AuthConfig, 'JWT_PRIVATE_KEY' | 'JWT_KEY_ID' | 'JWT_ISSUER' | 'DEV_KEY_FILE'>;

/**
 * The token signer: JWT_PRIVATE_KEY when set (production requires it), else a development key
 * kept in DEV_KEY_FILE so restarts do not log everyone out.
 */
export async function loadSigningKey(config: KeySettings, logger: Logger): Promise<TokenSigner> {
  const privateKey = config.JWT_PRIVATE_KEY
    ? createPrivateKey(config.JWT_PRIVATE_KEY)
    : await developmentKey(config.DEV_KEY_FILE, logger);
  return new TokenSigner(privateKey, config.JWT_KEY_ID ?? keyIdOf(privateKey), config.JWT_ISSUER);
}

/** A stable key id: the start of the SHA-256 of the public key's `x`. */
export function keyIdOf(privateKey: KeyObject): string {
  const { x } = privateKey.export({ format: 'jwk' });
  return createHash('sha256').update(String(x)).digest('base64url').slice(0, 16);
}

async function developmentKey(file: string, logger: Logger): Promise<KeyObject> {
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return createPrivateKey(existing);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  // Written aside, then hard-linked into place: link never overwrites, so replicas starting together agree.
  const draft = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(draft, pem, { mode: 0o600 });
  try {
    await link(draft, file);
    logger.info({ file }, 'generated a development signing key');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return createPrivateKey(await readFile(file, 'utf8'));
}
