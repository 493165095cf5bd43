import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLine } from '../scripts/lib/io/files.js';
import { ledgerLine, parseLedger, type LedgerEntry } from '../scripts/lib/delivery/ledger.js';
import { attachmentName, composeMessage, subjectOf } from '../scripts/lib/delivery/message.js';
import { planDeliveries } from '../scripts/lib/delivery/plan.js';
import type { Recipient } from '../scripts/lib/delivery/stakeholders.js';
import { createManifest, sha256Hex } from '../scripts/lib/build/manifest.js';
import { tempDir } from './helpers/project.js';

const artefact = (review: string, dir: string, edition: 'restricted' | 'public', sha: string) => ({ review, edition, path: `${review}/${dir}briefing.pdf`, bytes: 1, sha256: sha, inputs: sha });
const summary = (review: string, dir: string, edition: 'restricted' | 'public') => ({ ...artefact(review, dir, edition, sha256Hex(`${review}${dir}`)), path: `${review}/${dir}summary.txt` });
const editions = (review: string, restricted: string, pub: string) => [
  artefact(review, '', 'restricted', sha256Hex(restricted)), summary(review, '', 'restricted'),
  artefact(review, 'public/', 'public', sha256Hex(pub)), summary(review, 'public/', 'public'),
];
const manifest = createManifest([{ id: 'a', title: 'A', status: 'final' }, { id: 'b', title: 'B', status: 'final' }], [...editions('a', 'a-r', 'a-p'), ...editions('b', 'b-r', 'b-p')]);
const recipients: Recipient[] = [
  { name: 'R', email: 'r@example.org', edition: 'restricted', reviews: ['b'], unencrypted: 'accepted' },
  { name: 'P', email: 'p@example.org', edition: 'public', reviews: 'all' },
];
const record = (recipient: string, review: string, edition: 'restricted' | 'public', sha: string): LedgerEntry => ({ recipient, review, edition, sha256: sha256Hex(sha), at: '' });
const planned = (list: { recipient: Recipient; briefing: { review: string; edition: string } }[]) => list.map((d) => `${d.recipient.email} ${d.briefing.review} ${d.briefing.edition}`);

describe('planDeliveries', () => {
  it('gives each recipient their edition of their reviews', () => {
    expect(planned(planDeliveries(recipients, manifest, []).send)).toEqual(['r@example.org b restricted', 'p@example.org a public', 'p@example.org b public']);
  });

  it('skips what the ledger shows delivered with the same PDF, sends what changed, and sends all under force', () => {
    const ledger = [record('R@example.org', 'b', 'restricted', 'b-r'), record('p@example.org', 'a', 'public', 'old'), record('p@example.org', 'b', 'restricted', 'b-p')];
    const plan = planDeliveries(recipients, manifest, ledger);
    expect(planned(plan.send)).toEqual(['p@example.org a public', 'p@example.org b public']);
    expect(planned(plan.unchanged)).toEqual(['r@example.org b restricted']);
    expect(planDeliveries(recipients, manifest, ledger, { force: true }).send).toHaveLength(3);
  });

  it('holds back a draft, or a review without a status, except from a recipient who opted into drafts', () => {
    const drafts = createManifest([{ id: 'a', title: 'A', status: 'draft' }, { id: 'b', title: 'B' }], manifest.artefacts);
    const reviewer: Recipient = { name: 'In', email: 'in@example.org', edition: 'public', reviews: 'all', drafts: true };
    const plan = planDeliveries([...recipients, reviewer], drafts, []);
    expect(planned(plan.send)).toEqual(['in@example.org a public', 'in@example.org b public']);
    expect(plan.held.map((h) => `${h.recipient.email} ${h.briefing.review} ${h.reason.split(';')[0]}`)).toEqual([
      'r@example.org b the review is a draft (status: draft, or no status)',
      'p@example.org a the review is a draft (status: draft, or no status)',
      'p@example.org b the review is a draft (status: draft, or no status)',
    ]);
  });

  it('holds back a restricted edition from a recipient with no key who has not accepted plain delivery, and encrypts for one with a key', () => {
    const plain: Recipient = { name: 'N', email: 'n@example.org', edition: 'restricted', reviews: ['b'] };
    const keyed: Recipient = { ...plain, email: 'k@example.org', openpgp_key: 'KEY' };
    const plan = planDeliveries([plain, keyed, recipients[0]!], manifest, []);
    expect(plan.send.map((d) => `${d.recipient.email} ${d.encrypt}`)).toEqual(['k@example.org true', 'r@example.org false']);
    expect(plan.held.map((h) => `${h.recipient.email} ${h.reason.split(';')[0]}`)).toEqual(['n@example.org a restricted edition, and the recipient has no openpgp_key']);
  });

  it('names a restricted edition identical to the public one as public, and needs no key for it', () => {
    const same = createManifest([{ id: 'c', title: 'C', status: 'final' }], editions('c', 'same', 'same'));
    const plain: Recipient = { name: 'N', email: 'n@example.org', edition: 'restricted', reviews: 'all' };
    const [delivery] = planDeliveries([plain], same, []).send;
    expect(delivery?.briefing).toMatchObject({ edition: 'restricted', label: 'public' });
    expect(delivery?.encrypt).toBe(false);
    expect(subjectOf(delivery!)).toBe('C (public edition)');
    expect(attachmentName(delivery!)).toBe('c.pdf');
  });
});

describe('the delivery ledger', () => {
  it('ignores a torn last line and reports a line that is not a record', () => {
    const good = ledgerLine(record('p@example.org', 'a', 'public', 'x'));
    const ledger = parseLedger('ledger.jsonl', `${good}{"broken"\n${good.slice(0, 20)}`);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['2 ledger-line', '3 ledger-line']);
  });

  it('appends after a torn line on a line of its own', async () => {
    const path = join(await tempDir(), 'nested', 'ledger.jsonl');
    const line = ledgerLine(record('p@example.org', 'a', 'public', 'x'));
    await appendLine(path, line);
    await writeFile(path, `${await readFile(path, 'utf8')}{"torn`);
    await appendLine(path, line);
    expect(await readFile(path, 'utf8')).toBe(`${line}{"torn\n${line}`);
    expect(parseLedger('l', await readFile(path, 'utf8')).entries).toHaveLength(2);
  });
});

describe('composeMessage', () => {
  it('keeps header values on one line and attaches the PDF as bytes', () => {
    const file = (path: string) => ({ path, sha256: 'f'.repeat(64) });
    const briefing = { review: 'a', title: 'Title\r\nBcc:\u2028x@example.net\u0085', status: 'final' as const, edition: 'public' as const, label: 'public' as const, pdf: file('a/public/briefing.pdf'), summary: file('a/public/summary.txt') };
    const delivery = { recipient: recipients[1]!, briefing, encrypt: false };
    expect(subjectOf(delivery)).toBe('Title Bcc: x@example.net (public edition)');
    expect(subjectOf({ ...delivery, briefing: { ...briefing, status: 'draft' } })).toBe('[DRAFT] Title Bcc: x@example.net (public edition)');
    const message = composeMessage([{ delivery, summary: 'body', changes: 'WHAT CHANGED\n', pdf: new Uint8Array([37, 80, 68, 70]) }], { name: 'Desk', email: 'desk@example.org' });
    const attachment = (message.attachments as { content: Buffer; filename: string }[])[0]!;
    expect(Buffer.isBuffer(attachment.content)).toBe(true);
    expect(attachment.filename).toBe('a.pdf');
    expect(message.text).toBe('WHAT CHANGED\n\nbody');
  });
});
