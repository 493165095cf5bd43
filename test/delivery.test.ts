import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLine } from '../scripts/lib/io/files.js';
import { ledgerLine, parseLedger, type LedgerEntry } from '../scripts/lib/delivery/ledger.js';
import { composeMessage, subjectOf } from '../scripts/lib/delivery/message.js';
import { planDeliveries } from '../scripts/lib/delivery/plan.js';
import type { Recipient } from '../scripts/lib/delivery/stakeholders.js';
import { createManifest, sha256Hex } from '../scripts/lib/build/manifest.js';
import { tempDir } from './helpers/project.js';

const artefact = (review: string, dir: string, edition: 'restricted' | 'public', sha: string) => ({ review, edition, path: `${review}/${dir}briefing.pdf`, bytes: 1, sha256: sha, inputs: sha });
const manifest = createManifest(
  [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }],
  [artefact('a', '', 'restricted', sha256Hex('a-r')), artefact('a', 'public/', 'public', sha256Hex('a-p')), artefact('b', '', 'restricted', sha256Hex('b-r')), artefact('b', 'public/', 'public', sha256Hex('b-p'))],
);
const recipients: Recipient[] = [
  { name: 'R', email: 'r@example.org', edition: 'restricted', reviews: ['b'] },
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
    expect(planDeliveries(recipients, manifest, ledger, true).send).toHaveLength(3);
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
    const delivery = { recipient: recipients[1]!, briefing: { review: 'a', title: 'Title\r\nBcc: x@example.net', edition: 'public' as const, pdf: 'a/public/briefing.pdf', summary: 'a/public/summary.txt', sha256: 'f'.repeat(64) } };
    expect(subjectOf(delivery)).toBe('Title Bcc: x@example.net (public edition)');
    const message = composeMessage(delivery, { name: 'Desk', email: 'desk@example.org' }, 'body', new Uint8Array([37, 80, 68, 70]));
    const attachment = (message.attachments as { content: Buffer; filename: string }[])[0]!;
    expect(Buffer.isBuffer(attachment.content)).toBe(true);
    expect(attachment.filename).toBe('a.pdf');
    expect(message.text).toBe('body');
  });
});
