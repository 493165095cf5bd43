import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseLedger } from '../scripts/lib/delivery/ledger.js';
import { artefactTexts } from './helpers/leak.js';
import { startSmtp, type LoopbackSmtp, type Received } from './helpers/smtp.js';
import { ROOT, runScript, SAMPLE, tempDir, asOwnState } from './helpers/project.js';

const RESTRICTED_SAMPLE = join(ROOT, 'test/samples/restricted.yaml');
/** in every restricted claim and source of the restricted sample */
const MARKER = 'zqxsecret7';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const STAKEHOLDERS = `sender:
  name: Briefings Desk
  email: briefings@example.org
recipients:
  - name: Alice Partner
    email: alice@example.org
    edition: restricted
    reviews: [tl-upr48]
    unencrypted: accepted
  - name: Bob Public
    email: bob@example.org
    edition: public
    reviews: all
  - name: Carol Public
    email: carol@example.org
    edition: public
    reviews: [kz-upr48]
`;

/** recipient, review, edition: what each recipient must get */
const EXPECTED = [
  'alice@example.org tl-upr48 restricted',
  'bob@example.org kz-upr48 public',
  'bob@example.org tl-upr48 public',
  'carol@example.org kz-upr48 public',
];

interface Project {
  dir: string;
  data: string;
  out: string;
  stakeholders: string;
  ledger: string;
}

let base: Project;
let servers: LoopbackSmtp[] = [];

async function smtp(options?: Parameters<typeof startSmtp>[0]): Promise<LoopbackSmtp> {
  const server = await startSmtp(options);
  servers.push(server);
  return server;
}

/** A copy of the built project with its own ledger, so that each test starts from nothing delivered. */
async function project(): Promise<Project> {
  const dir = await tempDir('upr-dist-');
  const p = { dir, data: join(dir, 'data'), out: join(dir, 'out'), stakeholders: join(dir, 'stakeholders.yaml'), ledger: join(dir, 'ledger', 'deliveries.jsonl') };
  await Promise.all([cp(base.data, p.data, { recursive: true }), cp(base.out, p.out, { recursive: true }), copyFile(base.stakeholders, p.stakeholders)]);
  return p;
}

const distributeArgs = (p: Project, extra: string[] = []) => ['--out', p.out, '--stakeholders', p.stakeholders, '--ledger', p.ledger, ...extra];
const distribute = (p: Project, url: string, extra: string[] = []) => runScript('distribute.ts', distributeArgs(p, extra), { env: { SMTP_URL: url } });

/** recipient, review and edition of a received message, from the header that distribute sets */
function deliveryOf(message: Received): string {
  return deliveriesOf(message).join(' + ');
}

/** each briefing a message carries (a digest carries several), from the headers that distribute sets */
function deliveriesOf(message: Received): string[] {
  const headers = message.raw.toString('utf8').split(/\r\n\r\n/)[0]!.split(/\r\n(?![ \t])/).filter((h) => /^x-upr-briefing:/i.test(h));
  return headers.map((header) => {
    const [review, edition] = [header.slice(header.indexOf(':') + 1).split(';')[0]!.trim(), /edition=(\w+)/.exec(header)![1]];
    return `${message.to.join(',')} ${review} ${edition}`;
  });
}

const editionDir = (p: Project, review: string, edition: string) => join(p.out, review, edition === 'public' ? 'public' : '');

async function ledgerOf(p: Project) {
  return parseLedger('ledger', await readFile(p.ledger, 'utf8').catch(() => ''));
}

beforeAll(async () => {
  const dir = await tempDir('upr-dist-');
  base = { dir, data: join(dir, 'data'), out: join(dir, 'out'), stakeholders: join(dir, 'stakeholders.yaml'), ledger: '' };
  await mkdir(base.data);
  await Promise.all([copyFile(SAMPLE, join(base.data, 'kz-upr48.yaml')), copyFile(RESTRICTED_SAMPLE, join(base.data, 'tl-upr48.yaml')), writeFile(base.stakeholders, STAKEHOLDERS)]);
  const built = await runScript('build.ts', ['--data', base.data, '--out', base.out]);
  expect(built.code, built.stderr).toBe(0);
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('npm run distribute against an SMTP server on loopback', () => {
  it('sends each recipient exactly their edition, the PDF attached and the summary as body; a second run sends nothing', async () => {
    const p = await project();
    const server = await smtp();
    const first = await distribute(p, server.url);
    expect(first.code, first.stderr).toBe(0);
    expect(server.received.map(deliveryOf).sort()).toEqual(EXPECTED);
    for (const message of server.received) {
      const [, review, edition] = deliveryOf(message).split(' ') as [string, string, string];
      const dir = editionDir(p, review, edition);
      expect(message.to).toHaveLength(1);
      expect(message.mail.attachments).toHaveLength(1);
      expect(sha256(message.mail.attachments[0]!.content)).toBe(sha256(await readFile(join(dir, 'briefing.pdf'))));
      const body = message.mail.text?.replace(/\r\n/g, '\n').trimEnd();
      expect(body).toMatch(/^WHAT CHANGED\nNothing earlier to compare with: the first version \(\d+ claims, 0 recommendations, \d+ sources\)\.\n\n/);
      expect(body?.endsWith((await readFile(join(dir, 'summary.txt'), 'utf8')).trimEnd())).toBe(true);
      expect(message.mail.subject).toMatch(new RegExp(` \\(${edition} edition\\)$`));
      const texts = [message.raw.toString('utf8'), message.mail.text ?? '', ...(await artefactTexts('attachment.pdf', message.mail.attachments[0]!.content))];
      expect(texts.some((t) => t.toLowerCase().includes(MARKER))).toBe(edition === 'restricted');
    }
    expect((await ledgerOf(p)).entries).toHaveLength(4);

    const second = await distribute(p, server.url);
    expect(second.code, second.stderr).toBe(0);
    expect(server.received).toHaveLength(4);
    expect(second.stdout).toContain('0 sent, 4 unchanged since the last delivery, 0 held back');
    expect((await ledgerOf(p)).entries).toHaveLength(4);

    const forced = await distribute(p, server.url, ['--force']);
    expect(forced.code).toBe(0);
    expect(server.received).toHaveLength(8);
  });

  it('re-sends a changed review, and only to its recipients', async () => {
    const p = await project();
    const server = await smtp();
    expect((await distribute(p, server.url)).code).toBe(0);
    const file = join(p.data, 'tl-upr48.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('still dispersed in practice', 'still dispersed by force in practice'));
    const rebuilt = await runScript('build.ts', ['--data', file, '--out', p.out]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const again = await distribute(p, server.url);
    expect(again.code, again.stderr).toBe(0);
    expect(server.received.slice(4).map(deliveryOf).sort()).toEqual(['alice@example.org tl-upr48 restricted', 'bob@example.org tl-upr48 public']);
  });

  it('reports a recipient rejected with 550, records nothing for it, delivers the others, exits 1, and retries it next run', async () => {
    const p = await project();
    const bouncing = await smtp({ reject: new Set(['bob@example.org']) });
    const first = await distribute(p, bouncing.url);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/kz-upr48 \(public\) → bob@example\.org {2}not delivered: 550 5\.1\.1 mailbox unavailable/);
    expect(bouncing.received.map(deliveryOf).sort()).toEqual(['alice@example.org tl-upr48 restricted', 'carol@example.org kz-upr48 public']);
    expect((await ledgerOf(p)).entries.map((e) => e.recipient).sort()).toEqual(['alice@example.org', 'carol@example.org']);

    const healthy = await smtp();
    const retry = await distribute(p, healthy.url);
    expect(retry.code, retry.stdout).toBe(0);
    expect(healthy.received.map(deliveryOf).sort()).toEqual(['bob@example.org kz-upr48 public', 'bob@example.org tl-upr48 public']);
  });

  it('never sends a body and a PDF from different builds: a summary that does not match the manifest stops its messages', async () => {
    const p = await project();
    await writeFile(join(p.out, 'kz-upr48', 'public', 'summary.txt'), 'a summary from another build\n');
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ kz-upr48 \(public\) → bob@example\.org {2}not sent: \S*kz-upr48\/public\/summary\.txt does not match manifest\.json/);
    expect(result.stderr).toMatch(/kz-upr48\/public\/summary\.txt:1:1 {2}error {2}the file was changed after the build \(its sha256 is not the one manifest\.json lists\), so it is not sent; run npm run build again to rebuild it from the data {2}artefact-mismatch/);
    expect(server.received.map(deliveryOf).sort()).toEqual(['alice@example.org tl-upr48 restricted', 'bob@example.org tl-upr48 public']);
  });

  it('loses no ledger line and records nothing unsent when the process is killed mid-run', async () => {
    const p = await project();
    let reached: () => void = () => {};
    const third = new Promise<void>((resolve) => (reached = resolve));
    const server = await smtp({ beforeAccept: (n) => (n === 3 ? (reached(), new Promise<void>(() => {})) : Promise.resolve()) });
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/distribute.ts'), ...distributeArgs(p)], {
      cwd: ROOT,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, SMTP_URL: server.url },
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await third;
    process.kill(-child.pid!, 'SIGKILL');
    await exited;

    const ledger = await ledgerOf(p);
    expect(ledger.messages).toEqual([]);
    expect(ledger.entries.map((e) => `${e.recipient} ${e.review} ${e.edition}`)).toEqual(server.received.map(deliveryOf));
    expect(ledger.entries).toHaveLength(2);

    const healthy = await smtp();
    const rest = await distribute(p, healthy.url);
    expect(rest.code, rest.stdout).toBe(0);
    expect([...server.received, ...healthy.received].map(deliveryOf).sort()).toEqual(EXPECTED);
  });

  it('refuses a stakeholders file with a header injection and sends nothing', async () => {
    const p = await project();
    await writeFile(p.stakeholders, STAKEHOLDERS.replace('name: Bob Public', 'name: "Bob\\r\\nBcc: victim@example.net"'));
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stakeholders.yaml:10:11  error  recipient "bob@example.org": "name" holds U+000D at character 4, a line break, control or direction character');
    expect(server.recipients).toEqual([]);
  });

  it('keeps a title with a line break inside the Subject header', async () => {
    const p = await project();
    const file = join(p.data, 'tl-upr48.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, 'title: "Testland\\r\\nBcc: victim@example.net\\r\\n\\r\\nInjected body"'));
    expect((await runScript('build.ts', ['--data', file, '--out', p.out])).code).toBe(0);
    const server = await smtp();
    expect((await distribute(p, server.url)).code).toBe(0);
    const injected = server.received.filter((m) => deliveryOf(m).includes('tl-upr48'));
    expect(injected).toHaveLength(2);
    expect(server.recipients).not.toContain('victim@example.net');
    for (const message of injected) {
      expect(message.mail.headers.has('bcc')).toBe(false);
      expect(message.mail.subject).toMatch(/^Testland Bcc: victim@example\.net Injected body \((restricted|public) edition\)$/);
    }
  });
});

describe('npm run distribute -- --dry-run', () => {
  it('writes one .eml per message, each with the right edition attached, and sends nothing', async () => {
    const p = await project();
    const server = await smtp();
    const result = await distribute(p, server.url, ['--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('dry run');
    expect(server.recipients).toEqual([]);
    const outbox = join(p.out, '.outbox');
    const files = (await readdir(outbox)).sort();
    expect(files).toHaveLength(4);
    const seen: string[] = [];
    for (const file of files) {
      const mail = await simpleParser(await readFile(join(outbox, file)));
      const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address;
      const [review, edition] = file.split('.') as [string, string];
      seen.push(`${to} ${review} ${edition}`);
      expect(sha256(mail.attachments[0]!.content)).toBe(sha256(await readFile(join(editionDir(p, review, edition), 'briefing.pdf'))));
    }
    expect(seen.sort()).toEqual(EXPECTED);
    expect((await ledgerOf(p)).entries).toEqual([]);
  });

  it('is the default when no SMTP URL is given, and says so', async () => {
    const p = await project();
    const result = await runScript('distribute.ts', distributeArgs(p), { env: { SMTP_URL: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('no SMTP URL (set SMTP_URL or pass --smtp): dry run');
    expect(await readdir(join(p.out, '.outbox'))).toHaveLength(4);
  });
});

/** A stakeholders file with one recipient, indented under recipients: */
const only = (recipient: string) => `sender:\n  name: Briefings Desk\n  email: briefings@example.org\nrecipients:\n${recipient}`;
const indent = (text: string, by: string) => text.trimEnd().split('\n').map((l) => `${by}${l}`).join('\n');

describe('the release gate: only final reviews go out', () => {
  it('holds back a draft with the reason, sends the final review, and sends the draft to a recipient who opted into drafts', async () => {
    const p = await project();
    const file = join(p.data, 'tl-upr48.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('status: final', 'status: draft'));
    expect((await runScript('build.ts', ['--data', file, '--out', p.out])).code).toBe(0);
    await writeFile(p.stakeholders, `${STAKEHOLDERS}  - name: Dora Reviewer\n    email: dora@example.org\n    edition: public\n    reviews: all\n    drafts: true\n`);
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(server.received.map(deliveryOf).sort()).toEqual(['bob@example.org kz-upr48 public', 'carol@example.org kz-upr48 public', 'dora@example.org kz-upr48 public', 'dora@example.org tl-upr48 public']);
    expect(result.stdout).toContain('tl-upr48 (restricted) → alice@example.org  held back: the review is a draft');
    expect(result.stdout).toContain('tl-upr48 (public) → bob@example.org  held back: the review is a draft');
    expect(result.stdout).toContain('4 sent, 0 unchanged since the last delivery, 2 held back, 0 not delivered');
    const draft = server.received.find((m) => deliveryOf(m) === 'dora@example.org tl-upr48 public')!;
    expect(draft.mail.subject).toMatch(/^\[DRAFT\] Testland/);
  });

  it('treats a review file without a status as a draft', async () => {
    const p = await project();
    const file = join(p.data, 'tl-upr48.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('status: final\n', ''));
    expect((await runScript('build.ts', ['--data', file, '--out', p.out])).code).toBe(0);
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(server.received.map(deliveryOf).sort()).toEqual(['bob@example.org kz-upr48 public', 'carol@example.org kz-upr48 public']);
    const manifest = JSON.parse(await readFile(join(p.out, 'manifest.json'), 'utf8')) as { reviews: { id: string; status: string }[] };
    expect(manifest.reviews.map((r) => `${r.id} ${r.status}`)).toEqual(['kz-upr48 final', 'tl-upr48 draft']);
  });
});

describe('restricted editions in transit', () => {
  it('encrypts body and attachment to the recipient\'s OpenPGP key: the attachment decrypts to the built PDF', async () => {
    const p = await project();
    const { publicKey, privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Alice', email: 'alice@example.org' }], format: 'armored' });
    await writeFile(p.stakeholders, only(`  - name: Alice Partner\n    email: alice@example.org\n    edition: restricted\n    reviews: [tl-upr48]\n    openpgp_key: |\n${indent(publicKey, '      ')}\n`));
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('tl-upr48 (restricted) → alice@example.org  sent (OpenPGP-encrypted)');
    expect(server.received).toHaveLength(1);
    const [message] = server.received;
    expect(message!.raw.toString('latin1').toLowerCase()).not.toContain(MARKER);
    const [attachment] = message!.mail.attachments;
    expect(attachment!.filename).toBe('tl-upr48-restricted.pdf.pgp');
    const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: privateKey });
    const pdf = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: new Uint8Array(attachment!.content) }), decryptionKeys, format: 'binary' });
    expect(sha256(pdf.data as Uint8Array)).toBe(sha256(await readFile(join(p.out, 'tl-upr48/briefing.pdf'))));
    const body = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: message!.mail.text! }), decryptionKeys });
    expect(String(body.data)).toBe(`WHAT CHANGED\nNothing earlier to compare with: the first version (4 claims, 0 recommendations, 4 sources).\n\n${await readFile(join(p.out, 'tl-upr48/summary.txt'), 'utf8')}`);
  });

  it('sends nothing to a restricted recipient with no key who has not accepted plain delivery, and says why', async () => {
    const p = await project();
    await writeFile(p.stakeholders, STAKEHOLDERS.replace('    unencrypted: accepted\n', ''));
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(server.recipients).not.toContain('alice@example.org');
    expect(result.stdout).toContain('tl-upr48 (restricted) → alice@example.org  held back: a restricted edition, and the recipient has no openpgp_key; add their public key');
  });

  it('refuses a private key or a key that is not one, with its position, and sends nothing', async () => {
    const p = await project();
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'alice@example.org' }], format: 'armored' });
    await writeFile(p.stakeholders, only(`  - name: Alice\n    email: alice@example.org\n    edition: restricted\n    reviews: all\n    openpgp_key: |\n${indent(privateKey, '      ')}\n  - name: Bob\n    email: bob@example.org\n    edition: restricted\n    reviews: all\n    openpgp_key: not a key\n`));
    const server = await smtp();
    const result = await distribute(p, server.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stakeholders\.yaml:9:18 {2}error {2}recipient "alice@example\.org": "openpgp_key" holds a private key/);
    expect(result.stderr).toMatch(/stakeholders\.yaml:\d+:18 {2}error {2}recipient "bob@example\.org": "openpgp_key" is not an OpenPGP public key/);
    expect(server.recipients).toEqual([]);
  });
});

describe('fixes from fault injection', () => {
  it('sends each message once when two runs share a ledger at the same time', async () => {
    const p = await project();
    const server = await smtp();
    const [a, b] = await Promise.all([distribute(p, server.url), distribute(p, server.url)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(server.received.map(deliveryOf).sort()).toEqual(EXPECTED);
    expect((await ledgerOf(p)).entries).toHaveLength(4);
  });

  it('builds and delivers a review whose id is outbox, dry run or not', async () => {
    const p = await project();
    const file = join(p.data, 'outbox.yaml');
    await writeFile(file, asOwnState((await readFile(join(p.data, 'kz-upr48.yaml'), 'utf8')).replace('id: kz-upr48', 'id: outbox'), 1));
    expect((await runScript('build.ts', ['--data', file, '--out', p.out])).code).toBe(0);
    const dry = await distribute(p, '', ['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect((await readdir(join(p.out, 'outbox'))).sort()).toEqual(expect.arrayContaining(['briefing.pdf', 'public']));
    expect(await readdir(join(p.out, '.outbox'))).toContain('outbox.public.bob@example.org.eml');
    const server = await smtp();
    const sent = await distribute(p, server.url);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received.map(deliveryOf)).toContain('bob@example.org outbox public');
  });
});

describe('what changed, digests and re-sends', () => {
  /** tl-upr48 with a recommendation (noted) and a source s-extra that claim c1 cites */
  const withExtras = (text: string) =>
    `${text.replace('    sources: [s-gov]\n', '    sources: [s-gov, s-extra]\n').replace('sources:\n', 'sources:\n  - id: s-extra\n    title: Extra report to be withdrawn\n    type: un\n')}recommendations:\n  - id: r1\n    text: Guarantee peaceful assembly.\n    from: Norway\n    response: noted\n    themes: [freedoms]\n`;

  it('sends one digest with every changed briefing, whose body lists an added claim, a removed source and a changed response; the build writes the same into changes.txt', async () => {
    const p = await project();
    const tl = join(p.data, 'tl-upr48.yaml');
    const kz = join(p.data, 'kz-upr48.yaml');
    const original = withExtras(await readFile(tl, 'utf8'));
    await writeFile(tl, original);
    expect((await runScript('build.ts', ['--data', tl, '--out', p.out])).code).toBe(0);
    const server = await smtp();
    expect((await distribute(p, server.url)).code).toBe(0);

    await writeFile(tl, `${original.replace('    sources: [s-gov, s-extra]\n', '    sources: [s-gov]\n').replace(/  - id: s-extra\n.*\n.*\n/, '').replace('response: noted', 'response: supported')}`.replace('claims:\n', 'claims:\n  - id: c5\n    theme: freedoms\n    kind: observed-gap\n    text: Three journalists were detained after the march.\n    sources: [s-ngo]\n'));
    await writeFile(kz, (await readFile(kz, 'utf8')).replace('under President Kassym-Jomart Tokayev', 'under President Tokayev'));
    const rebuilt = await runScript('build.ts', ['--data', p.data, '--out', p.out]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    await writeFile(p.stakeholders, STAKEHOLDERS.replace('    email: bob@example.org\n', '    email: bob@example.org\n    digest: true\n'));
    const again = await distribute(p, server.url);
    expect(again.code, again.stderr).toBe(0);
    const digest = server.received.slice(4).find((m) => m.to.includes('bob@example.org'))!;
    expect(deliveriesOf(digest).sort()).toEqual(['bob@example.org kz-upr48 public', 'bob@example.org tl-upr48 public']);
    expect(digest.mail.subject).toBe('UPR briefings: 2 changed since your last delivery');
    expect(digest.mail.attachments.map((a) => a.filename).sort()).toEqual(['kz-upr48.pdf', 'tl-upr48.pdf']);
    const body = digest.mail.text!.replace(/\r\n/g, '\n');
    const since = `WHAT CHANGED since the version you received on ${new Date().toISOString().slice(0, 10)}`;
    const tlChanges = [
      'Claims added (1)',
      '  + c5: Three journalists were detained after the march.',
      'Claims changed (1)',
      '  ~ c1: The law on peaceful assembly was amended to a notification regime.',
      'Recommendations whose response or assessment changed (1)',
      '  ~ r1: (Norway) noted → supported',
      'Sources removed (1)',
      '  - s-extra: Extra report to be withdrawn',
    ].join('\n');
    expect(body).toContain(`Testland at the 48th session of the Universal Periodic Review (public edition)\n   attached as tl-upr48.pdf\n\n${since}\n${tlChanges}\n`);
    expect(body).toContain(`${since}\nClaims changed (1)\n  ~ c1: Since 2019, under President Tokayev,`);
    expect(await readFile(join(p.out, 'tl-upr48/public/changes.txt'), 'utf8')).toBe(`WHAT CHANGED since the previous build\n${tlChanges}\n`);
    expect(server.received.slice(4).map(deliveryOf).sort()).toEqual(['alice@example.org tl-upr48 restricted', 'bob@example.org kz-upr48 public + bob@example.org tl-upr48 public', 'carol@example.org kz-upr48 public']);
  });

  it('does not re-send after a build that only adds --excel, and re-sends after a changed claim', async () => {
    const p = await project();
    const server = await smtp();
    expect((await distribute(p, server.url)).code).toBe(0);
    const before = await readFile(join(p.out, 'kz-upr48/public/briefing.pdf'));
    const excel = await runScript('build.ts', ['--data', p.data, '--out', p.out, '--excel']);
    expect(excel.code, excel.stderr).toBe(0);
    expect(sha256(await readFile(join(p.out, 'kz-upr48/public/briefing.pdf')))).not.toBe(sha256(before));
    const unchanged = await distribute(p, server.url);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toContain('0 sent, 4 unchanged since the last delivery');
    const kz = join(p.data, 'kz-upr48.yaml');
    await writeFile(kz, (await readFile(kz, 'utf8')).replace('under President Kassym-Jomart Tokayev', 'under President Tokayev'));
    expect((await runScript('build.ts', ['--data', kz, '--out', p.out, '--excel'])).code).toBe(0);
    const changed = await distribute(p, server.url);
    expect(changed.code, changed.stderr).toBe(0);
    expect(server.received.slice(4).map(deliveryOf).sort()).toEqual(['bob@example.org kz-upr48 public', 'carol@example.org kz-upr48 public']);
  });
});
