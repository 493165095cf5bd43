import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseLedger } from '../scripts/lib/delivery/ledger.js';
import { artefactTexts } from './helpers/leak.js';
import { startSmtp, type LoopbackSmtp, type Received } from './helpers/smtp.js';
import { ROOT, runScript, SAMPLE, tempDir } from './helpers/project.js';

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
  const header = String(message.mail.headers.get('x-upr-briefing'));
  const [review, edition] = [header.split(';')[0]!.trim(), /edition=(\w+)/.exec(header)![1]];
  return `${message.to.join(',')} ${review} ${edition}`;
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
      expect(message.mail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe((await readFile(join(dir, 'summary.txt'), 'utf8')).trimEnd());
      expect(message.mail.subject).toMatch(new RegExp(` \\(${edition} edition\\)$`));
      const texts = [message.raw.toString('utf8'), message.mail.text ?? '', ...(await artefactTexts('attachment.pdf', message.mail.attachments[0]!.content))];
      expect(texts.some((t) => t.toLowerCase().includes(MARKER))).toBe(edition === 'restricted');
    }
    expect((await ledgerOf(p)).entries).toHaveLength(4);

    const second = await distribute(p, server.url);
    expect(second.code, second.stderr).toBe(0);
    expect(server.received).toHaveLength(4);
    expect(second.stdout).toContain('0 sent, 4 unchanged');
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
    expect(result.stdout).toContain('✗ kz-upr48 (public) → bob@example.org  kz-upr48/public/summary.txt does not match manifest.json; run npm run build again');
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
    expect(result.stderr).toContain('stakeholders.yaml:9:11  error  recipient "bob@example.org": "name" contains a line break or control character');
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
    const outbox = join(p.out, 'outbox');
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
    expect(await readdir(join(p.out, 'outbox'))).toHaveLength(4);
  });
});
