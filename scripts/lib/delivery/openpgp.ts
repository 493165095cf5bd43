import type { SendMailOptions } from 'nodemailer';
import type { Key } from 'openpgp';
import { createMessage, type Message } from '../diagnostics/message.js';
import type { KeyProblem } from '../diagnostics/rules.js';
import { locate, type SourceFile } from '../source/positions.js';
import type { Stakeholders } from './stakeholders.js';

/** openpgp.js is loaded only when some recipient has a key: most runs never need it. */
const library = () => import('openpgp');

/** A recipient's armoured public key, or why it cannot be used. */
export async function readRecipientKey(armored: string, owner: string): Promise<Key | KeyProblem> {
  const openpgp = await library();
  let key: Key;
  try {
    key = await openpgp.readKey({ armoredKey: armored });
  } catch (cause) {
    return { kind: 'not-a-key', owner, detail: (cause as Error).message };
  }
  if (key.isPrivate()) return { kind: 'private', owner };
  try {
    await key.getEncryptionKey();
  } catch (cause) {
    return { kind: 'no-encryption', owner, detail: (cause as Error).message };
  }
  return key;
}

/**
 * The same message with its body and attachments encrypted to `key` (inline OpenPGP): the body becomes an
 * armoured message, each attachment `<name>.pgp` in binary OpenPGP. Subject and addresses stay readable, as
 * they must for delivery, so they carry nothing restricted.
 */
export async function encryptMessage(message: SendMailOptions, key: Key): Promise<SendMailOptions> {
  const openpgp = await library();
  const text = await openpgp.encrypt({ message: await openpgp.createMessage({ text: String(message.text ?? '') }), encryptionKeys: key, format: 'armored' });
  const attachments = await Promise.all(
    (message.attachments ?? []).map(async (a) => {
      const binary = new Uint8Array(a.content as Buffer);
      const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ binary, filename: a.filename || undefined }), encryptionKeys: key, format: 'binary' });
      return { filename: `${a.filename}.pgp`, content: Buffer.from(encrypted), contentType: 'application/pgp-encrypted' };
    }),
  );
  return { ...message, text, attachments };
}

/** Every recipient's key, read and checked; a key that cannot be used is an error at its position. */
export async function recipientKeys(stakeholders: Stakeholders, file: SourceFile): Promise<{ keys: Map<string, Key>; messages: Message[] }> {
  const keys = new Map<string, Key>();
  const messages: Message[] = [];
  for (const [i, recipient] of stakeholders.recipients.entries()) {
    if (recipient.openpgp_key === undefined) continue;
    const key = await readRecipientKey(recipient.openpgp_key, `recipient "${recipient.email}"`);
    if ('kind' in key) messages.push(createMessage(file.path, locate(file, ['recipients', i, 'openpgp_key']), 'invalid-key', key));
    else keys.set(recipient.email.toLowerCase(), key);
  }
  return { keys, messages };
}
